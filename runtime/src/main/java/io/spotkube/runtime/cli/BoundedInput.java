package io.spotkube.runtime.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The one way the commands read their input file (or standard input): at most a limit of bytes,
 * then strict UTF-8. A multi-gigabyte file or {@code /dev/zero} is refused once the limit is
 * passed rather than read into memory, and bytes that are not UTF-8 are refused at their offset
 * rather than silently replaced. Every refusal is a {@link UsageException} naming the input.
 */
final class BoundedInput {

  /** Largest queue message body {@code parse-event} reads: SQS's own maximum message size, 1 MiB. */
  static final long MAX_MESSAGE_BYTES = 1024 * 1024;
  /**
   * Default largest snapshot {@code plan} reads: a cluster at Kubernetes' supported maximum
   * (5,000 nodes, 150,000 pods) is about 75 MB in the contract's format; {@code --max-snapshot-bytes}
   * raises it.
   */
  static final long MAX_SNAPSHOT_BYTES = 256L * 1024 * 1024;

  /** Largest limit a caller may ask for: the input is held in one array. */
  static final long MAX_LIMIT = Integer.MAX_VALUE - 8;

  private static final int CHUNK = 64 * 1024;

  private BoundedInput() {
  }

  /** The text of {@code file} ({@code "-"} is standard input); {@code flag} names where the file came from. */
  static String read(String flag, String file, long limit, InputStream stdin) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
    }
    String name = file.equals("-") ? "standard input" : file;
    byte[] bytes;
    if (file.equals("-")) {
      bytes = readAtMost(flag, name, stdin, limit);
    } else {
      Path path = Path.of(file);
      try {
        // A regular file's size is known up front: refuse it without reading a byte.
        if (Files.isRegularFile(path) && Files.size(path) > limit) {
          throw tooLarge(flag, name, limit);
        }
        try (InputStream in = Files.newInputStream(path)) {
          bytes = readAtMost(flag, name, in, limit);
        }
      } catch (NoSuchFileException e) {
        throw new UsageException(flag + ": cannot read " + name + ": no such file");
      } catch (AccessDeniedException e) {
        throw new UsageException(flag + ": cannot read " + name + ": permission denied");
      } catch (IOException e) {
        throw new UsageException(flag + ": cannot read " + name + ": " + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : " " + e.getMessage()));
      }
    }
    return decode(name, bytes);
  }

  private static byte[] readAtMost(String flag, String name, InputStream in, long limit) {
    byte[] buffer = new byte[(int) Math.min(CHUNK, limit + 1)];
    int length = 0;
    try {
      while (true) {
        if (length == buffer.length) {
          if (length > limit) {
            throw tooLarge(flag, name, limit);
          }
          buffer = Arrays.copyOf(buffer, (int) Math.min(limit + 1, (long) buffer.length * 2));
        }
        int read = in.read(buffer, length, buffer.length - length);
        if (read < 0) {
          return Arrays.copyOf(buffer, length);
        }
        length += read;
      }
    } catch (IOException e) {
      throw new UsageException(flag + ": cannot read " + name + ": " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage()));
    }
  }

  /**
   * Strict UTF-8: the first malformed byte is named by its offset, as {@code cmp} or a hex editor
   * would. Checked through a small window, so a large snapshot is not held twice as chars.
   */
  private static String decode(String name, byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer window = CharBuffer.allocate(CHUNK);
    while (true) {
      CoderResult result = decoder.decode(in, window, true);
      if (result.isError()) {
        throw new UsageException(name + ": not UTF-8: invalid byte 0x"
            + String.format("%02x", bytes[in.position()] & 0xff) + " at byte offset " + in.position());
      }
      if (result.isUnderflow()) {
        break;
      }
      window.clear();
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static UsageException tooLarge(String flag, String name, long limit) {
    return new UsageException(flag + ": " + name + " is larger than the limit of " + describe(limit));
  }

  /** {@code 1048576} as "1 MiB (1048576 bytes)": the unit a person reads, the number a flag takes. */
  static String describe(long bytes) {
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
      return bytes / (1024 * 1024) + " MiB (" + bytes + " bytes)";
    }
    return bytes + " bytes";
  }
}
