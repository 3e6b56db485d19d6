package dev.kms4j.testkit.aws.internal;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.kms4j.testkit.aws.AwsKmsFake;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The only WireMock-aware piece of the AWS fake: computes the answer of the catch-all stub by
 * handing the request to {@link AwsKmsFake} and translating its answer (status and body, fixed
 * delay, or connection reset) back into WireMock terms.
 *
 * <p>Thread-safe (stateless; the fake is thread-safe).
 */
public final class KmsResponseTransformer implements ResponseDefinitionTransformerV2 {
    public static final String NAME = "kms4j-aws-kms-fake";

    private final AwsKmsFake fake;

    public KmsResponseTransformer(AwsKmsFake fake) {
        this.fake = fake;
    }

    @Override
    public String getName() {
        return NAME;
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
        FakeHttpResponse answer = fake.handle(new FakeHttpRequest(request.getMethod().getName(), request.getUrl(),
                headers, request.getBody()));
        ResponseDefinitionBuilder b = ResponseDefinitionBuilder.responseDefinition();
        long delayMillis = answer.delay().toMillis();
        if (delayMillis > 0) {
            b.withFixedDelay((int) Math.min(Integer.MAX_VALUE, delayMillis));
        }
        if (answer.connectionReset()) {
            return b.withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER).build();
        }
        return b.withStatus(answer.status())
                .withHeader("Content-Type", FakeHttpResponse.CONTENT_TYPE)
                .withHeader("x-amzn-RequestId", UUID.randomUUID().toString())
                .withBody(answer.body())
                .build();
    }
}
