package dev.ensemble.history;

import dev.ensemble.ot.Component;
import dev.ensemble.ot.TextOperation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Who last changed each line of a document. It moves forward one operation at a time: a line keeps
 * its author unless the operation inserted into it or deleted from it. Lines are separated by
 * {@code \n}, so a document of n newlines has n + 1 lines.
 *
 * <p>Invariant: {@code authors.size()} is the number of lines of the document it describes.
 */
public final class LineBlame {

  private final List<Author> authors;

  private LineBlame(List<Author> authors) {
    this.authors = authors;
  }

  /** Every line of {@code content} by the same author. */
  public static LineBlame of(String content, Author author) {
    return new LineBlame(new ArrayList<>(Collections.nCopies(lines(content), author)));
  }

  /** The blame kept as runs ({@link #runs}). */
  public static LineBlame fromRuns(List<BlameRun> runs) {
    List<Author> authors = new ArrayList<>();
    runs.forEach(run -> authors.addAll(Collections.nCopies(run.lines(), run.author())));
    return new LineBlame(authors);
  }

  public int lines() {
    return authors.size();
  }

  public Author authorOf(int line) {
    return authors.get(line);
  }

  /** Consecutive lines of one author folded into one run, in order. */
  public List<BlameRun> runs() {
    List<BlameRun> runs = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= authors.size(); i++) {
      if (i == authors.size() || !authors.get(i).equals(authors.get(start))) {
        runs.add(new BlameRun(i - start, authors.get(start)));
        start = i;
      }
    }
    return runs;
  }

  /**
   * The blame of {@code op.apply(before)}: the lines {@code op} inserted into or deleted from are
   * {@code author}'s. Deleting whole lines from a line's start leaves the line that follows them
   * its author, and inserting whole lines leaves the lines around them theirs.
   */
  public LineBlame after(String before, TextOperation op, Author author) {
    Walk walk = new Walk(before, author);
    for (Component c : op.components()) {
      if (c instanceof Component.Retain retain) {
        walk.retain(retain.count());
      } else if (c instanceof Component.Insert insert) {
        walk.insert(insert.text());
      } else {
        walk.delete(((Component.Delete) c).count());
      }
    }
    return new LineBlame(walk.finish());
  }

  private static int lines(String text) {
    int count = 1;
    for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      count++;
    }
    return count;
  }

  /** One pass over the old document, building the new document's lines. */
  private final class Walk {
    private final String before;
    private final Author author;
    private final List<Author> out;
    private int pos;
    private int oldLine;

    /** The author of the line being built, unless it is touched. */
    private Author current;

    /** Whether the operation inserted into or deleted from the line being built. */
    private boolean touched;

    /** Whether the line being built has no character yet. */
    private boolean empty = true;

    Walk(String before, Author author) {
      this.before = before;
      this.author = author;
      this.out = new ArrayList<>(authors.size() + 16);
      this.current = authors.get(0);
    }

    void retain(int count) {
      int end = pos + count;
      for (int nl = before.indexOf('\n', pos);
          nl >= 0 && nl < end;
          nl = before.indexOf('\n', pos)) {
        endLine();
        current = authors.get(++oldLine);
        pos = nl + 1;
      }
      if (pos < end) {
        empty = false;
      }
      pos = end;
    }

    void insert(String text) {
      int start = 0;
      for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        if (nl > start) {
          touched = true;
        }
        endLine();
        // the rest of the old line follows the inserted line break
        start = nl + 1;
      }
      if (start < text.length()) {
        touched = true;
        empty = false;
      }
    }

    void delete(int count) {
      int end = pos + count;
      int breaks = 0;
      for (int nl = before.indexOf('\n', pos);
          nl >= 0 && nl < end;
          nl = before.indexOf('\n', nl + 1)) {
        breaks++;
      }
      if (breaks > 0 && empty && !touched) {
        // whole lines gone from a line's start: what follows is the next old line, untouched if
        // the deletion ended at its start
        oldLine += breaks;
        current = authors.get(oldLine);
        touched = before.charAt(end - 1) != '\n';
      } else {
        oldLine += breaks;
        touched = true;
      }
      pos = end;
    }

    private void endLine() {
      out.add(touched ? author : current);
      touched = false;
      empty = true;
    }

    List<Author> finish() {
      out.add(touched ? author : current);
      return out;
    }
  }
}
