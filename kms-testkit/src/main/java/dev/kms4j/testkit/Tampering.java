package dev.kms4j.testkit;

import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/** Makes damaged copies of ciphertexts and signatures. Stateless and thread-safe. */
final class Tampering {
    private Tampering() {
    }

    /**
     * A copy with every bit of one byte inverted. Inverting the whole byte (rather than one bit)
     * also breaks text formats such as base64: an ASCII character becomes a non-ASCII one, which
     * no decoder accepts, whereas one flipped low bit of a final base64 character can decode to
     * the same bytes.
     */
    static byte[] invertByte(byte[] data, int position) {
        byte[] copy = data.clone();
        copy[position] = (byte) ~copy[position];
        return copy;
    }

    /** A copy with one bit flipped. */
    static byte[] flipBit(byte[] data, int bit) {
        byte[] copy = data.clone();
        copy[bit / 8] ^= (byte) (1 << (bit % 8));
        return copy;
    }

    /** Positions spread over a blob: both ends, the quarters and the middle. */
    static List<Integer> positions(int length) {
        TreeSet<Integer> p = new TreeSet<>();
        for (int candidate : new int[] {0, 1, length / 4, length / 2, (3 * length) / 4, length - 2, length - 1}) {
            if (candidate >= 0 && candidate < length) {
                p.add(candidate);
            }
        }
        return List.copyOf(p);
    }

    /** Shorter prefixes of a blob: one byte less, half, one byte. */
    static List<byte[]> truncations(byte[] data) {
        TreeSet<Integer> lengths = new TreeSet<>();
        for (int candidate : new int[] {data.length - 1, data.length / 2, 1}) {
            if (candidate > 0 && candidate < data.length) {
                lengths.add(candidate);
            }
        }
        return lengths.stream().map(n -> Arrays.copyOf(data, n)).toList();
    }
}
