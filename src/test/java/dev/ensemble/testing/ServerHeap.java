package dev.ensemble.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A server's heap as jcmd reports it: what is in use after a full GC, and by which classes. */
public final class ServerHeap {

  /** The heap's parts as G1, the serial and the parallel collector print them, not Metaspace. */
  private static final Pattern USED =
      Pattern.compile(
          "(?m)^\\s*(?:garbage-first heap|def new generation|tenured generation|PSYoungGen|ParOldGen)"
              + "\\s+total \\d+K, used (\\d+)K");

  private ServerHeap() {}

  /** Kilobytes of heap in use right after a full GC of the process. */
  public static long usedAfterGc(long pid) throws IOException, InterruptedException {
    jcmd(pid, "GC.run");
    String info = jcmd(pid, "GC.heap_info");
    Matcher used = USED.matcher(info);
    long kilobytes = 0;
    boolean found = false;
    while (used.find()) {
      kilobytes += Long.parseLong(used.group(1));
      found = true;
    }
    if (!found) {
      throw new IllegalStateException("no heap figure in: " + info);
    }
    return kilobytes;
  }

  /**
   * Writes the live objects by class (the histogram forces a full GC first) to {@code file}, so
   * that what a run left behind can be read afterwards.
   */
  public static void histogram(long pid, Path file) throws IOException, InterruptedException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, jcmd(pid, "GC.class_histogram"));
  }

  /** Live instances of the class named {@code className} (after the full GC the count forces). */
  public static long liveInstances(long pid, String className)
      throws IOException, InterruptedException {
    return jcmd(pid, "GC.class_histogram")
        .lines()
        .map(String::trim)
        .map(line -> line.split("\\s+"))
        .filter(columns -> columns.length >= 4 && columns[3].equals(className))
        .mapToLong(columns -> Long.parseLong(columns[1]))
        .sum();
  }

  private static String jcmd(long pid, String command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid),
                command)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(60, TimeUnit.SECONDS);
    return out;
  }
}
