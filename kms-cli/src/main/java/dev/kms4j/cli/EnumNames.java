package dev.kms4j.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Enum values as users type them: case-insensitive, {@code -} and {@code _} interchangeable
 * ({@code ec-p256}, {@code EC_P256}, {@code Ec-P256}). Lists and help show the lower-case dashed
 * form. Stateless and thread-safe.
 *
 * @param <E> the enum type
 */
class EnumNames<E extends Enum<E>> implements ITypeConverter<E>, Iterable<String> {
    private final Class<E> type;
    private final String what;

    EnumNames(Class<E> type, String what) {
        this.type = type;
        this.what = what;
    }

    /** The dashed lower-case name of {@code value}, as shown to users. */
    static String display(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public E convert(String value) {
        String normalized = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(normalized)) {
                return e;
            }
        }
        throw new TypeConversionException("unknown " + what + " '" + value + "'; expected one of " + String.join(", ", this));
    }

    /** The accepted names, for help text and shell completion. */
    @Override
    public Iterator<String> iterator() {
        List<String> names = new ArrayList<>();
        Arrays.stream(type.getEnumConstants()).forEach(e -> names.add(display(e)));
        return names.iterator();
    }
}
