package dev.ensemble.ot;

import dev.ensemble.wire.JsonSupport;
import dev.ensemble.wire.TextOperationJson;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** JMH benchmarks of the OT core; run with {@code mvn -Pbench test-compile exec:exec}. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class TextOperationBenchmark {

  private TextOperation typeA;
  private TextOperation typeB;
  private TextOperation multiCursor;
  private TextOperation paste;
  private List<TextOperation> keystrokes;

  @Setup
  public void setUp() {
    typeA = TextOperation.builder().retain(40).insert("x").retain(60).build();
    typeB = TextOperation.builder().retain(70).insert("y").retain(30).build();

    TextOperation.Builder cursors = TextOperation.builder();
    for (int i = 0; i < 5; i++) {
      cursors.retain(150).insert("//");
    }
    multiCursor = cursors.retain(250).build();
    paste = TextOperation.builder().retain(500).insert("p".repeat(1024)).retain(500).build();

    keystrokes = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      keystrokes.add(TextOperation.builder().retain(100 + i).insert("k").retain(100).build());
    }
  }

  @Benchmark
  public TextOperation.Transformed transformTwoKeystrokes() {
    return TextOperation.transform(typeA, typeB);
  }

  @Benchmark
  public TextOperation.Transformed transformMultiCursorEditAgainstPaste() {
    return TextOperation.transform(paste, multiCursor);
  }

  /** A document of the given size and a one-character insert in its middle. */
  @State(Scope.Benchmark)
  public static class Document {
    @Param({"10240", "102400", "1048576"})
    public int size;

    String text;
    TextOperation keystroke;

    @Setup
    public void setUp() {
      text = "d".repeat(size);
      keystroke = TextOperation.builder().retain(size / 2).insert("k").retain(size / 2).build();
    }
  }

  @Benchmark
  public String applyKeystroke(Document document) {
    return document.keystroke.apply(document.text);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public TextOperation composeThousandKeystrokes() {
    TextOperation all = TextOperation.identity(200);
    for (TextOperation k : keystrokes) {
      all = all.compose(k);
    }
    return all;
  }

  /**
   * One op frame of {@code inserts} one-character inserts, {@code ["a","b",...]}, as a client may
   * send.
   */
  @State(Scope.Benchmark)
  public static class InsertFrame {
    @Param({"20000", "80000", "160000"})
    public int inserts;

    String text;
    JsonArray parsed;

    @Setup
    public void setUp() {
      JsonArrayBuilder array = JsonSupport.PROVIDER.createArrayBuilder();
      for (int i = 0; i < inserts; i++) {
        array.add(String.valueOf((char) ('a' + i % 26)));
      }
      parsed = array.build();
      text = parsed.toString();
    }
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public TextOperation decodeParsedInserts(InsertFrame frame) {
    return TextOperationJson.fromJson(frame.parsed);
  }

  @Benchmark
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public TextOperation decodeInsertText(InsertFrame frame) {
    try (JsonReader reader = JsonSupport.PROVIDER.createReader(new StringReader(frame.text))) {
      return TextOperationJson.fromJson(reader.readArray());
    }
  }
}
