// The history panel of the room page: a timeline over the room's versions with a slider and
// playback, the time and the people of each change, named versions, who last changed each line, a
// side-by-side diff of two versions in Monaco's diff editor, the version shown as a download, and
// restore, which the page turns into an ordinary edit.

import { api } from './access.js';
import { download, fileNameFor } from './files.js';

/** Between two steps of playback. */
const PLAY_STEP_MS = 600;
/** A version asked for while the slider moves waits this long for the slider to settle. */
const SETTLE_MS = 60;
/** While versions keep coming, the timeline is read again at most this often. */
const FOLLOW_MS = 500;

const $ = (id) => document.getElementById(id);

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** When an operation was committed, for people. */
function when(ms) {
  return timeFormat.format(new Date(ms));
}

export class HistoryPanel {
  #monaco;
  #room;
  #timeline = null;
  #shown = null;
  #viewer = null;
  #differ = null;
  #asked = 0;
  #settle = null;
  #player = null;
  #blame = [];

  /** The names the server knows for sources, from every timeline and blame it sent. */
  #names = {};
  #following = null;

  /**
   * `room`: `{ id, secret, ownSrc(), canEdit(), restore(text, language), opened(open) }`,
   * what the panel needs of the page.
   */
  constructor(monaco, room) {
    this.#monaco = monaco;
    this.#room = room;
    $('history-open').addEventListener('click', () => (this.isOpen() ? this.close() : this.open()));
    $('history-close').addEventListener('click', () => this.close());
    $('history-slider').addEventListener('input', () => {
      this.#stop();
      this.#showSoon(this.#sliderValue());
    });
    $('history-play').addEventListener('click', () => (this.#player ? this.#stop() : this.#play()));
    $('history-name-form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.#name();
    });
    $('history-compare').addEventListener('click', () => this.#toggleCompare());
    $('history-blame').addEventListener('change', () => this.#showBlame());
    $('history-download').addEventListener('click', () => {
      if (this.#shown) {
        download(fileNameFor(this.#room.id, this.#shown.language), this.#shown.content);
      }
    });
    $('history-restore').addEventListener('click', () => {
      if (this.#shown) {
        this.#room.restore(this.#shown.content, this.#shown.language);
        this.#say(`Restored version ${this.#shown.v} as a new change: restore again to undo it.`);
      }
    });
  }

  isOpen() {
    return !$('history').hidden;
  }

  async open() {
    $('history').hidden = false;
    $('history-open').setAttribute('aria-expanded', 'true');
    this.#room.opened(true);
    this.#viewer ??= this.#monaco.editor.create($('history-view'), {
      readOnly: true,
      automaticLayout: true,
      fontSize: 14,
      scrollBeyondLastLine: false,
      glyphMargin: false,
      ariaLabel: 'The document at the version shown',
    });
    this.#viewer.setModel(this.#monaco.editor.createModel('', 'plaintext'));
    await this.refresh();
    $('history-slider').focus();
  }

  close() {
    this.#stop();
    $('history').hidden = true;
    $('history-open').setAttribute('aria-expanded', 'false');
    this.#room.opened(false);
    $('history-open').focus();
  }

  /** Reads the timeline again, and shows the head. */
  async refresh() {
    try {
      this.#timeline = this.#learnNames(await this.#api('history'));
    } catch (e) {
      this.#say(`The history could not be read: ${e.message}`);
      return;
    }
    const slider = $('history-slider');
    slider.max = String(this.#timeline.v);
    slider.value = String(this.#timeline.v);
    $('history-compare-v').max = String(this.#timeline.v);
    this.#drawTimeline();
    this.#drawNames();
    $('history-name-form').hidden = !this.#room.canEdit();
    $('history-restore').hidden = !this.#room.canEdit();
    await this.show(this.#timeline.v);
  }

  /**
   * The room reached version `head`: while open, the timeline takes it in, and a panel that showed
   * the head shows the new one.
   */
  headMoved(head) {
    if (!this.isOpen() || this.#timeline === null || head <= this.#timeline.v) {
      return;
    }
    this.#following ??= setTimeout(async () => {
      this.#following = null;
      const atHead = this.#sliderValue() === this.#timeline.v;
      try {
        this.#timeline = this.#learnNames(await this.#api('history'));
      } catch (e) {
        this.#say(`The history could not be read: ${e.message}`);
        return;
      }
      $('history-slider').max = String(this.#timeline.v);
      $('history-compare-v').max = String(this.#timeline.v);
      this.#drawTimeline();
      this.#drawNames();
      if (atHead && !this.#player) {
        this.show(this.#timeline.v);
      } else {
        this.#describe(this.#sliderValue());
      }
    }, FOLLOW_MS);
  }

  /** Shows version `v` (its diff against the compared version while comparing). */
  async show(v) {
    const asked = ++this.#asked;
    $('history-slider').value = String(v);
    const compared = this.#comparing() ? Number($('history-compare-v').value) : null;
    let version;
    let other = null;
    try {
      [version, other] = await Promise.all([
        this.#api(`snapshot?v=${v}`),
        compared === null ? null : this.#api(`snapshot?v=${compared}`),
      ]);
    } catch (e) {
      this.#say(`Version ${v} could not be read: ${e.message}`);
      return;
    }
    if (asked !== this.#asked) {
      return; // the slider moved on meanwhile
    }
    this.#shown = version;
    this.#describe(version.v);
    if (other !== null) {
      this.#showDiff(other, version);
    } else {
      const model = this.#viewer.getModel();
      model.setValue(version.content);
      this.#monaco.editor.setModelLanguage(model, version.language);
    }
    $('history-view').dataset.v = String(version.v);
    await this.#showBlame();
  }

  /** The text the viewer shows; for tests. */
  shownText() {
    return this.#viewer?.getModel().getValue() ?? null;
  }

  /** The two texts the diff editor compares, or null while it does not; for tests. */
  diffTexts() {
    const models = this.#comparing() ? this.#differ.getModel() : null;
    return models ? [models.original.getValue(), models.modified.getValue()] : null;
  }

  // ---- the timeline

  #sliderValue() {
    return Number($('history-slider').value);
  }

  #showSoon(v) {
    clearTimeout(this.#settle);
    this.#settle = setTimeout(() => this.show(v), SETTLE_MS);
  }

  /** One bar per change, as wide as its share of the versions; named versions marked on it. */
  #drawTimeline() {
    const bar = $('history-bar');
    bar.replaceChildren();
    const { v: head, changes, versions } = this.#timeline;
    for (const change of changes) {
      const part = document.createElement('span');
      part.className = 'history-change';
      part.style.flexGrow = String(change.to - change.from);
      part.title = this.#changeText(change);
      bar.append(part);
    }
    for (const named of versions) {
      const mark = document.createElement('span');
      mark.className = 'history-mark';
      // the head's mark inside the bar's end rather than past it
      mark.style.left = `min(${head === 0 ? 0 : (100 * named.v) / head}%, calc(100% - 3px))`;
      mark.title = `${named.name} (version ${named.v})`;
      bar.append(mark);
    }
  }

  #drawNames() {
    const list = $('history-names');
    list.replaceChildren();
    for (const named of this.#timeline.versions) {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = `${named.name} · v${named.v}`;
      button.title = `Named ${when(named.ts)}`;
      button.addEventListener('click', () => {
        this.#stop();
        this.show(named.v);
      });
      item.append(button);
      list.append(item);
    }
    $('history-names-empty').hidden = this.#timeline.versions.length > 0;
  }

  /** The change that made version `v`: the timeline point with from < v <= to. */
  #changeAt(v) {
    const changes = this.#timeline?.changes ?? [];
    let low = 0;
    let high = changes.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (changes[mid].to < v) {
        low = mid + 1;
      } else if (changes[mid].from >= v) {
        high = mid - 1;
      } else {
        return changes[mid];
      }
    }
    return null;
  }

  #changeText(change) {
    const time =
      change.start === change.end
        ? when(change.start)
        : `${when(change.start)} – ${when(change.end)}`;
    const people = change.authors.map((a) => this.#person(a.src)).join(', ') || 'unknown';
    const versions =
      change.to - change.from === 1
        ? `version ${change.to}`
        : `versions ${change.from + 1}–${change.to}`;
    return `${versions}, ${time}, by ${people}`;
  }

  #describe(v) {
    const head = this.#timeline.v;
    const change = this.#changeAt(v);
    const text =
      v === 0
        ? `Version 0 of ${head}: the room as it was created`
        : `Version ${v} of ${head}` + (change ? `: ${this.#changeText(change)}` : '');
    $('history-at').textContent = text;
    $('history-slider').setAttribute('aria-valuetext', `Version ${v} of ${head}`);
  }

  /**
   * Who a source is: you, the name its person last gave themselves in the room, or, for one who
   * never gave a name, someone told apart by their source.
   */
  #person(src) {
    if (src === undefined || src === null) {
      return 'the room’s creator';
    }
    if (src === this.#room.ownSrc()) {
      return 'you';
    }
    return this.#names[src] ?? `someone (${src.slice(1, 7)})`;
  }

  #learnNames(answer) {
    Object.assign(this.#names, answer.names ?? {});
    return answer;
  }

  // ---- playback

  #play() {
    const changes = this.#timeline?.changes ?? [];
    if (changes.length === 0) {
      return;
    }
    if (this.#sliderValue() >= this.#timeline.v) {
      this.show(0);
    }
    $('history-play').textContent = 'Pause';
    $('history-play').setAttribute('aria-pressed', 'true');
    this.#player = setInterval(() => {
      const next = changes.find((c) => c.to > this.#sliderValue());
      if (!next) {
        this.#stop();
        return;
      }
      this.show(next.to);
    }, PLAY_STEP_MS);
  }

  #stop() {
    clearInterval(this.#player);
    this.#player = null;
    $('history-play').textContent = 'Play';
    $('history-play').setAttribute('aria-pressed', 'false');
  }

  // ---- named versions

  async #name() {
    const input = $('history-name');
    try {
      const named = await this.#api('history/versions', {
        method: 'POST',
        body: { name: input.value },
      });
      input.value = '';
      this.#say(`Version ${named.v} is named “${named.name}”.`);
      this.#timeline = this.#learnNames(await this.#api('history'));
      this.#drawTimeline();
      this.#drawNames();
    } catch (e) {
      this.#say(`The version could not be named: ${e.message}`);
    }
  }

  // ---- diff and blame

  #comparing() {
    return !$('history-diff').hidden;
  }

  #toggleCompare() {
    const comparing = !this.#comparing();
    $('history-diff').hidden = !comparing;
    $('history-view').hidden = comparing;
    $('history-compare').textContent = comparing ? 'Stop comparing' : 'Compare';
    $('history-compare').setAttribute('aria-pressed', String(comparing));
    if (comparing) {
      this.#differ ??= this.#monaco.editor.createDiffEditor($('history-diff'), {
        readOnly: true,
        originalEditable: false,
        automaticLayout: true,
        renderSideBySide: true,
        // side by side even in a narrow window
        useInlineViewWhenSpaceIsLimited: false,
        fontSize: 14,
      });
    }
    this.show(this.#sliderValue());
  }

  #showDiff(original, modified) {
    const previous = this.#differ.getModel();
    this.#differ.setModel({
      original: this.#monaco.editor.createModel(original.content, original.language),
      modified: this.#monaco.editor.createModel(modified.content, modified.language),
    });
    previous?.original.dispose();
    previous?.modified.dispose();
    $('history-diff').dataset.original = String(original.v);
    $('history-diff').dataset.modified = String(modified.v);
  }

  /** Marks each line of the version shown with who last changed it, while asked to. */
  async #showBlame() {
    const on = $('history-blame').checked && !this.#comparing() && this.#shown !== null;
    let decorations = [];
    if (on) {
      const v = this.#shown.v;
      let blame;
      try {
        blame = this.#learnNames(await this.#api(`history/blame?v=${v}`));
      } catch (e) {
        this.#say(`Who wrote what could not be read: ${e.message}`);
        return;
      }
      if (this.#shown.v !== v) {
        return;
      }
      let line = 1;
      const list = $('history-blame-list');
      list.replaceChildren();
      blame.lines.forEach((run, i) => {
        const last = line + run.count - 1;
        const who = this.#person(run.src);
        const item = document.createElement('li');
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'blame-run';
        button.textContent =
          (run.count === 1 ? `Line ${line}` : `Lines ${line}–${last}`) +
          `: ${who}` +
          (run.v === 0 ? '' : `, version ${run.v}, ${when(run.ts)}`);
        const first = line;
        button.addEventListener('click', () => {
          this.#viewer.revealLinesInCenter(first, last);
          this.#viewer.setSelection(new this.#monaco.Range(first, 1, last + 1, 1));
        });
        item.append(button);
        list.append(item);
        // runs told apart by shade, as the list beside them tells them apart by words
        decorations.push({
          range: new this.#monaco.Range(line, 1, last, 1),
          options: {
            isWholeLine: true,
            className: i % 2 === 0 ? 'blame-line' : 'blame-line-other',
            hoverMessage: { value: button.textContent },
          },
        });
        line = last + 1;
      });
      $('history-view').dataset.blame = JSON.stringify(blame.lines.map((r) => r.src ?? null));
    } else {
      delete $('history-view').dataset.blame;
    }
    $('history-blame-list').hidden = !on;
    this.#blame = this.#viewer.deltaDecorations(this.#blame, decorations);
  }

  // ---- helpers

  #say(text) {
    $('history-message').textContent = text;
  }

  #api(path, options = {}) {
    return api(`rooms/${encodeURIComponent(this.#room.id)}/${path}`, {
      ...options,
      secret: this.#room.secret,
    });
  }
}
