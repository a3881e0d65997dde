package io.spotkube.constructs.bootstrap;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * A small gzip encoder (LZ77 with hash chains + the fixed Huffman code of RFC 1951) whose
 * output depends only on its input. java.util.zip delegates to the platform's zlib, and
 * zlib builds (zlib, zlib-ng, ...) emit different bytes for the same input: compressed
 * user data must not change between two machines synthesizing the same commit, or every
 * node would be replaced on the next deploy.
 */
final class DeterministicGzip {

    private static final int WINDOW = 32 * 1024;
    private static final int MIN_MATCH = 3;
    private static final int MAX_MATCH = 258;
    private static final int MAX_CHAIN = 256;
    private static final int HASH_BITS = 15;

    private static final int[] LENGTH_BASE = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59,
        67, 83, 99, 115, 131, 163, 195, 227, 258};
    private static final int[] LENGTH_EXTRA = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4,
        5, 5, 5, 5, 0};
    private static final int[] DISTANCE_BASE = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385,
        513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
    private static final int[] DISTANCE_EXTRA = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10,
        10, 11, 11, 12, 12, 13, 13};

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int bitBuffer;
    private int bitCount;

    private DeterministicGzip() {
    }

    static byte[] compress(byte[] data) {
        DeterministicGzip gzip = new DeterministicGzip();
        // Header: magic, deflate, no flags, mtime 0, no extra flags, OS unknown.
        gzip.out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff});
        gzip.deflate(data);
        CRC32 crc = new CRC32();
        crc.update(data);
        gzip.writeIntLittleEndian((int) crc.getValue());
        gzip.writeIntLittleEndian(data.length);
        return gzip.out.toByteArray();
    }

    private void deflate(byte[] data) {
        writeBits(1, 1); // BFINAL: one block
        writeBits(1, 2); // BTYPE 01: fixed Huffman codes
        int[] head = new int[1 << HASH_BITS];
        int[] previous = new int[data.length];
        Arrays.fill(head, -1);
        int position = 0;
        while (position < data.length) {
            int bestLength = 0;
            int bestDistance = 0;
            if (position + MIN_MATCH <= data.length) {
                int hash = hash(data, position);
                int candidate = head[hash];
                int chain = 0;
                while (candidate >= 0 && position - candidate <= WINDOW && chain++ < MAX_CHAIN) {
                    int length = matchLength(data, candidate, position);
                    if (length > bestLength) {
                        bestLength = length;
                        bestDistance = position - candidate;
                        if (length == MAX_MATCH) {
                            break;
                        }
                    }
                    candidate = previous[candidate];
                }
            }
            int advance = bestLength >= MIN_MATCH ? bestLength : 1;
            if (bestLength >= MIN_MATCH) {
                writeMatch(bestLength, bestDistance);
            } else {
                writeLiteralOrLength(data[position] & 0xff);
            }
            for (int i = 0; i < advance; i++, position++) {
                if (position + MIN_MATCH <= data.length) {
                    int hash = hash(data, position);
                    previous[position] = head[hash];
                    head[hash] = position;
                }
            }
        }
        writeLiteralOrLength(256); // end of block
        if (bitCount > 0) {
            out.write(bitBuffer & 0xff);
        }
    }

    private static int hash(byte[] data, int at) {
        int value = ((data[at] & 0xff) << 16) | ((data[at + 1] & 0xff) << 8) | (data[at + 2] & 0xff);
        return (value * 0x9E3779B1) >>> (32 - HASH_BITS);
    }

    private static int matchLength(byte[] data, int from, int at) {
        int length = 0;
        while (length < MAX_MATCH && at + length < data.length && data[from + length] == data[at + length]) {
            length++;
        }
        return length;
    }

    private void writeMatch(int length, int distance) {
        int lengthCode = LENGTH_BASE.length - 1;
        while (LENGTH_BASE[lengthCode] > length) {
            lengthCode--;
        }
        writeLiteralOrLength(257 + lengthCode);
        writeBits(length - LENGTH_BASE[lengthCode], LENGTH_EXTRA[lengthCode]);
        int distanceCode = DISTANCE_BASE.length - 1;
        while (DISTANCE_BASE[distanceCode] > distance) {
            distanceCode--;
        }
        writeHuffman(distanceCode, 5);
        writeBits(distance - DISTANCE_BASE[distanceCode], DISTANCE_EXTRA[distanceCode]);
    }

    // The fixed literal/length code of RFC 1951 section 3.2.6.
    private void writeLiteralOrLength(int symbol) {
        if (symbol <= 143) {
            writeHuffman(0x30 + symbol, 8);
        } else if (symbol <= 255) {
            writeHuffman(0x190 + symbol - 144, 9);
        } else if (symbol <= 279) {
            writeHuffman(symbol - 256, 7);
        } else {
            writeHuffman(0xc0 + symbol - 280, 8);
        }
    }

    // Huffman codes are packed most significant bit first, everything else least first.
    private void writeHuffman(int code, int length) {
        writeBits(Integer.reverse(code) >>> (32 - length), length);
    }

    private void writeBits(int value, int count) {
        for (int i = 0; i < count; i++) {
            bitBuffer |= ((value >>> i) & 1) << bitCount;
            if (++bitCount == 8) {
                out.write(bitBuffer);
                bitBuffer = 0;
                bitCount = 0;
            }
        }
    }

    private void writeIntLittleEndian(int value) {
        for (int i = 0; i < 4; i++) {
            out.write((value >>> (8 * i)) & 0xff);
        }
    }
}
