package dev.kms4j.testkit.internal;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The only WireMock-aware piece of a fake: computes the answer of the catch-all stub by handing
 * the request to the fake's handler and translating its answer (status, headers and body, fixed
 * delay, or connection reset) back into WireMock terms. The fakes' service logic stays free of
 * WireMock types, so it can be tested directly.
 *
 * <p>Thread-safe if the handler is.
 */
public final class FakeResponseTransformer implements ResponseDefinitionTransformerV2 {
    private final String name;
    private final Function<FakeHttpRequest, FakeHttpResponse> handler;

    public FakeResponseTransformer(String name, Function<FakeHttpRequest, FakeHttpResponse> handler) {
        this.name = Objects.requireNonNull(name, "name");
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Request request = serveEvent.getRequest();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpHeader h : request.getHeaders().all()) {
            headers.put(h.key(), h.values());
        }
        FakeHttpResponse answer = handler.apply(new FakeHttpRequest(request.getMethod().getName(), request.getUrl(),
                headers, request.getBody()));
        ResponseDefinitionBuilder b = ResponseDefinitionBuilder.responseDefinition();
        long delayMillis = answer.delay().toMillis();
        if (delayMillis > 0) {
            b.withFixedDelay((int) Math.min(Integer.MAX_VALUE, delayMillis));
        }
        if (answer.connectionReset()) {
            return b.withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER).build();
        }
        b.withStatus(answer.status());
        if (answer.contentType() != null) {
            b.withHeader("Content-Type", answer.contentType());
        }
        answer.headers().forEach(b::withHeader);
        return b.withBody(answer.body()).build();
    }
}
