// The room page, <root>/r/{roomId}: wires the editor, the protocol client and the connection
// together.

import {
  accessInfo,
  api,
  forgetRefused,
  fragmentSecret,
  keepLinkThroughSignin,
  openCreated,
  remembered,
  rememberOpened,
  roomLink,
  secretFor,
  shareableSecret,
  signinUrl,
  takeLinkKeptThroughSignin,
} from './access.js';
import { CollabClient } from './client.js';
import { diff } from './diff.js';
import { Connection } from './connection.js';
import { bindCopyLink } from './copy-link.js';
import {
  UnreadableFile,
  carriesFiles,
  download,
  droppedFile,
  fileNameFor,
  languageOf,
  readText,
} from './files.js';
import { askNewName, resolveColor, resolveKey, resolveName, shownPerson } from './identity.js';
import { HistoryPanel } from './history.js';
import { fillLanguageSelect, showLanguage } from './languages.js';
import { MonacoBinding, lineEndingFix } from './monaco-binding.js';
import { loadMonaco } from './monaco-loader.js';
import { describeRefusal, describeTrouble, hideNotice, showNotice } from './notice.js';
import { appPath, roomOf, socketUrl } from './paths.js';
import { PendingStore, sweep } from './pending-store.js';
import { People } from './people.js';
import { RemoteCursors } from './remote-cursors.js';
import { ShareDialog } from './share-dialog.js';
import { PeopleShareDialog } from './share-people.js';
import { distinctColour } from './colours.js';
import { bindThemeToggle, onThemeChange } from './theme.js';
import { UndoManager } from './undo.js';

const PRESENCE_INTERVAL_MS = 100;
/** While the room takes no edits, how often the page reconnects to see whether it was repaired. */
const TROUBLE_RECHECK_MS = 30000;

const ARCHIVED =
  'This room is archived: everyone can read it and its history, but nobody can edit it until ' +
  'its owner unarchives it.';
const VIEW_ONLY =
  'This link only allows viewing: you see every change as it is made, but cannot edit. ' +
  'Ask the person who shared it for an edit link if you need one.';
const VIEW_ONLY_SIGNIN =
  'This room is shared with you for viewing: you see every change as it is made, but cannot ' +
  "edit. Ask the room's owner if you need to edit.";

/** Set (to the page's path) while a sign-in this page started is under way: tried only once. */
const SIGNIN_TRIED = 'ensemble.signin-tried';

/** Closes that say this page may not be here: no more reconnects, and what to do instead. */
const NO_ACCESS = {
  4401: {
    code: 'unauthorized',
    title: 'This room is opened through a link',
    text:
      'Rooms here are reached through the link that was shared, key included (the part from ' +
      '"#k=" on). Ask the person who shared the room for its link.',
  },
  4403: {
    code: 'forbidden',
    title: 'This link no longer opens the room',
    text:
      'The owner of the room revoked it, or it expired, or it was not copied whole. Ask the ' +
      'owner for a new link.',
  },
  4404: {
    code: 'room-not-found',
    title: 'This room does not exist',
    text:
      'There is no room under this address. Check the link: it may have been copied only in ' +
      'part. If it is whole, ask the person who sent it whether the room still exists.',
  },
};

/** The same closes in signin mode, where who signed in decides. */
const NO_ACCESS_SIGNIN = {
  4401: {
    code: 'unauthorized',
    title: 'You are not signed in',
    text:
      'Rooms here open for the people they are shared with, once they sign in. Signing in did ' +
      'not work just now: go to the start page and sign in from there.',
  },
  4403: {
    code: 'forbidden',
    title: 'This room is not shared with you',
    text:
      "You are signed in, but this room is not shared with you. Ask the room's owner to share " +
      'it with you, then open it again.',
  },
  4404: {
    code: 'room-not-found',
    title: 'This room does not exist',
    text:
      'There is no room under this address. Check the address, or ask the person who sent it ' +
      'whether the room still exists.',
  },
};

const $ = (id) => document.getElementById(id);

start().catch((error) => {
  console.error(error);
  showNotice(`Ensemble could not start: ${error.message}`, false);
});

async function start() {
  const page = appPath();
  const roomId = roomOf();
  document.title = `${roomId} · Ensemble`;
  $('room-id').textContent = roomId;
  const languageSelect = $('language');
  fillLanguageSelect(languageSelect);

  const monacoLoaded = loadMonaco();
  // a server that cannot say is taken to be in links mode, where a key in the address works
  const { mode, person } = await accessInfo().catch(() => ({ mode: 'links', person: null }));
  const signin = mode === 'signin';
  const noAccessFor = signin ? NO_ACCESS_SIGNIN : NO_ACCESS;
  const viewOnly = signin ? VIEW_ONLY_SIGNIN : VIEW_ONLY;
  $('signout').hidden = !signin;

  // the link's key, else (links mode) one this browser holds; kept in the address, for "Copy link"
  const fromLink = fragmentSecret() ?? (signin ? takeLinkKeptThroughSignin(roomId) : null);
  const secret = signin ? fromLink : secretFor(roomId, fromLink);
  if (signin && fromLink !== null && fragmentSecret() === null) {
    history.replaceState(null, '', roomLink(roomId, fromLink));
  }

  // in signin mode the server shows everyone by the name they signed in with
  let name = signin ? (person ?? 'You') : await resolveName($('name-dialog'), $('name-input'));
  // the colour this browser prefers; in a room, one that nobody else there shows (recolour)
  const preferredColor = resolveColor(name);
  let color = preferredColor;
  const { key, seqs } = await resolveKey();
  const pendingStore = new PendingStore(roomId, key);
  sweep();
  const monaco = await monacoLoaded;

  bindThemeToggle($('theme'));
  onThemeChange((current) => monaco.editor.setTheme(current === 'dark' ? 'vs-dark' : 'vs'));
  const model = monaco.editor.createModel('', 'plaintext');
  model.setEOL(monaco.editor.EndOfLineSequence.LF);
  const editor = monaco.editor.create($('editor'), {
    model,
    automaticLayout: true,
    readOnly: true,
    fontSize: 14,
    scrollBeyondLastLine: false,
  });

  const cursors = new RemoteCursors(monaco, editor);

  // ---- people: a click on someone goes to their cursor and follows it; on oneself, renames ----

  let following = null;
  const follow = (clientId) => {
    following = clientId;
    people.follow(clientId);
  };
  const keepFollowedInView = () => {
    const position = following === null ? null : cursors.positionOf(following);
    if (position) {
      editor.revealPositionInCenterIfOutsideViewport(position);
    }
  };
  const rename = async () => {
    const renamed = await askNewName($('name-dialog'), $('name-input'), name);
    if (renamed !== null && renamed !== name) {
      name = renamed;
      people.setSelf(session.clientId(), name, color, !signin);
      sendPresence();
    }
  };
  const people = new People($('people'), (clientId, self) => {
    if (self) {
      if (!signin) {
        rename();
      }
    } else if (following === clientId) {
      follow(null);
    } else {
      follow(clientId);
      const position = cursors.positionOf(clientId);
      if (position) {
        editor.revealPositionInCenter(position);
      }
    }
  });
  // whatever the person does in the editor themselves ends following
  for (const type of ['keydown', 'wheel', 'mousedown', 'touchstart']) {
    $('editor').addEventListener(type, () => following !== null && follow(null), {
      capture: true,
      passive: true,
    });
  }
  onThemeChange(() => {
    people.refresh();
    cursors.refresh();
  });
  let session = null;
  let connection = null;
  let historyPanel = null;

  const undo = new UndoManager(
    () => session.text(),
    (op) => binding.applyLocal(op),
  );
  const binding = new MonacoBinding(monaco, editor, (op) => {
    const before = session.text();
    if (op.baseLength !== before.length) {
      startOver('the editor and the document disagree');
      return;
    }
    if (!session.edit(op)) {
      // refused before it was sent: the editor shows the document without it
      binding.applyRemote(op.invert(before));
      return;
    }
    undo.record(op, before);
    cursors.transform(op);
  });
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyZ, () => undo.undo());
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyMod.Shift | monaco.KeyCode.KeyZ, () =>
    undo.redo(),
  );
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyY, () => undo.redo());
  // menus and the command palette reach Monaco's own undo through the model: theirs would also
  // take back other people's edits
  model.undo = () => undo.undo();
  model.redo = () => undo.redo();

  /** An edit that is not the user's (line endings Monaco changed): sent, but not undoable. */
  const normalizeLineEndings = () => {
    // a viewer may not send it: its editor shows LF where the document has CRLF
    const fix = session.role() === 'viewer' ? null : lineEndingFix(session.text());
    if (fix && session.edit(fix)) {
      undo.transform(fix);
      cursors.transform(fix);
    }
  };

  const setLanguage = (id) => {
    showLanguage(languageSelect, id);
    monaco.editor.setModelLanguage(model, id);
  };

  let presenceTimer = null;
  let lastPresenceAt = -Infinity;
  const sendPresence = () => {
    clearTimeout(presenceTimer);
    presenceTimer = null;
    lastPresenceAt = performance.now();
    session.sendPresence({ name, color, selections: binding.selections() });
  };
  /** Shows a colour nobody else in the room shows, and tells the others when it changes. */
  const recolour = () => {
    const clientId = session.clientId();
    const next = distinctColour(preferredColor, clientId, people.others());
    if (next !== color) {
      color = next;
      people.setSelf(clientId, name, color, !signin);
      schedulePresence();
    }
  };
  const schedulePresence = () => {
    if (presenceTimer === null) {
      const wait = Math.max(0, lastPresenceAt + PRESENCE_INTERVAL_MS - performance.now());
      presenceTimer = setTimeout(sendPresence, wait);
    }
  };
  binding.onSelectionChange(schedulePresence);

  let everConnected = false;
  let hasDocument = false;
  /** What the session may not do now: why the editor is read-only, or null. */
  const blocked = () =>
    session.archived()
      ? 'archived'
      : session.role() === 'viewer'
        ? 'viewer'
        : (session.trouble()?.code ?? null);
  /** What Monaco says to someone typing into the read-only editor, for why it is read-only. */
  const readOnlyText = (why) => {
    if (why === 'archived') {
      return 'This room is archived; its owner can unarchive it.';
    }
    if (why !== 'viewer') {
      return 'This room takes no edits now.';
    }
    return signin
      ? 'This room is shared with you for viewing only.'
      : 'This link only allows viewing.';
  };
  const updateEditable = () => {
    const why = blocked();
    $('open-file').disabled = !hasDocument || why !== null;
    editor.updateOptions({
      readOnly: !hasDocument || why !== null,
      readOnlyMessage: {
        value: readOnlyText(why),
      },
    });
  };

  const state = () => {
    if (connection.state === 'connected' && session.isLive()) {
      return 'connected';
    }
    if (connection.state === 'stopped') {
      return 'stopped';
    }
    return connection.state === 'offline' ? 'offline' : 'reconnecting';
  };
  const showStatus = () => {
    const current = state();
    const indicator = $('connection');
    indicator.dataset.state = current;
    if (current === 'connected') {
      indicator.textContent =
        session.trouble() === null && !session.archived() ? 'Connected' : 'Connected, read-only';
    } else if (current === 'reconnecting') {
      indicator.textContent = everConnected ? 'Reconnecting…' : 'Connecting…';
    } else if (current === 'stopped') {
      indicator.textContent = 'No access';
    } else {
      const pending = session.pending();
      indicator.textContent =
        pending === 0
          ? 'Offline'
          : `Offline — ${pending} ${pending === 1 ? 'edit' : 'edits'} pending`;
    }
    languageSelect.disabled = current !== 'connected' || blocked() !== null;
  };

  /** The editor and the document disagree, which cannot happen: start over from the server's. */
  const startOver = (reason) => {
    console.warn(`Ensemble: reloading the room: ${reason}`);
    session.reset();
    hasDocument = false;
    updateEditable();
    connection.restart();
    showNotice(
      `The document was reloaded from the server and your unsent edits were dropped: ${reason}.`,
    );
  };

  let troubleShown = false;
  let troubleRecheck = null;
  const showTrouble = (trouble) => {
    clearTimeout(troubleRecheck);
    if (trouble?.code === 'forbidden' && session.role() !== null) {
      // in links mode the server says when the role changes: there is nothing to recheck
      showNotice(session.role() === 'viewer' ? viewOnly : describeTrouble(trouble), false);
      troubleShown = true;
    } else if (trouble !== null) {
      showNotice(describeTrouble(trouble), false);
      troubleShown = true;
      // the server does not say when the room is repaired: a new connection's snapshot does
      troubleRecheck = setTimeout(() => {
        session.disconnected();
        connection.restart();
      }, TROUBLE_RECHECK_MS);
    } else if (troubleShown) {
      troubleShown = false;
      // a new snapshot ends the trouble, not what the link allows
      if (session.role() === 'viewer') {
        showNotice(viewOnly, false);
      } else {
        hideNotice();
      }
    }
    updateEditable();
    showStatus();
  };

  // ---- access ----

  /** The owner's Archive button says what a click does; everyone sees the room's state. */
  const showArchived = (role, archived) => {
    const button = $('archive');
    button.hidden = role !== 'owner';
    button.textContent = archived ? 'Unarchive' : 'Archive';
    button.setAttribute('aria-pressed', String(archived));
    button.title = archived
      ? 'Let people edit this room again'
      : 'Make this room read-only for everyone; its history stays';
    document.body.classList.toggle('archived', archived);
  };
  $('archive').addEventListener('click', async () => {
    const button = $('archive');
    button.disabled = true;
    try {
      // the server's access message, to every session, is what changes the page
      await api(`rooms/${encodeURIComponent(roomId)}/archived`, {
        method: 'PUT',
        secret: signin ? null : secret,
        body: { archived: !session.archived() },
      });
    } catch (e) {
      showNotice(`Could not change the archive: ${e.message}`);
    } finally {
      button.disabled = false;
    }
  });

  let shareDialog = null;
  let viewOnlyShown = false;
  const showRole = (role, archived) => {
    const badge = $('role');
    badge.dataset.role = role;
    badge.hidden = role !== 'viewer';
    $('share').hidden = role !== 'owner';
    showArchived(role, archived);
    if (signin) {
      sessionStorage.removeItem(SIGNIN_TRIED);
    }
    if (role === 'owner' && shareDialog === null) {
      // signed in, the session is the owner's credential: the links dialog needs no key
      shareDialog = signin
        ? new PeopleShareDialog(
            $('share-people-dialog'),
            roomId,
            new ShareDialog($('share-dialog'), roomId, null),
          )
        : new ShareDialog($('share-dialog'), roomId, secret);
      $('share').addEventListener('click', () => shareDialog.open());
    } else if (role !== 'owner') {
      shareDialog?.close();
    }
    if (archived) {
      showNotice(ARCHIVED, false);
      viewOnlyShown = true;
    } else if (role === 'viewer') {
      showNotice(viewOnly, false);
      viewOnlyShown = true;
    } else if (viewOnlyShown) {
      hideNotice();
      viewOnlyShown = false;
    }
    if (!signin) {
      rememberOpened(roomId, fromLink, role);
    }
    // opened without a key in the address (from the start page's list): show one to copy
    if (!signin && fromLink === null) {
      const shown = shareableSecret(remembered(roomId));
      if (shown !== null) {
        history.replaceState(null, '', roomLink(roomId, shown));
      }
    }
    updateEditable();
    showStatus();
  };

  let noAccess = false;
  /** Replaces the editor with what happened and what to ask for; the page stops reconnecting. */
  const showNoAccess = (refusal) => {
    noAccess = true;
    connection.stop();
    clearTimeout(troubleRecheck);
    clearTimeout(presenceTimer);
    hideNotice();
    shareDialog?.close();
    if (!signin) {
      forgetRefused(roomId, refusal.code, secret);
    }
    editor.dispose();
    model.dispose();
    $('editor').hidden = true;
    for (const id of [
      'language',
      'role',
      'copy-link',
      'download',
      'open-file',
      'history-open',
      'history',
      'share',
      'people',
    ]) {
      $(id).hidden = true;
    }
    const panel = $('no-access');
    panel.dataset.code = refusal.code;
    $('no-access-title').textContent = refusal.title;
    $('no-access-text').textContent = refusal.text;
    // a room that does not exist can be made under this name, by whoever may create rooms
    $('no-access-create').hidden = refusal.code !== 'room-not-found';
    panel.hidden = false;
    $('no-access-home').focus();
    showStatus();
  };

  session = new CollabClient(key, seqs, {
    ready({ fresh, content, language, clientId, limits }) {
      connection.heartbeat(limits.heartbeatMs);
      if (fresh) {
        binding.setText(content);
        undo.clear();
        normalizeLineEndings();
        if (!everConnected) {
          editor.focus();
        }
      }
      hasDocument = true;
      updateEditable();
      everConnected = true;
      cursors.clear();
      follow(null);
      people.clear();
      color = preferredColor;
      people.setSelf(clientId, name, color, !signin);
      setLanguage(language);
      sendPresence();
    },
    remoteOp(op) {
      keepPending();
      if (binding.applyRemote(op)) {
        schedulePresence();
      }
      undo.transform(op);
      cursors.transform(op);
      keepFollowedInView();
      historyPanel?.headMoved(session.version());
      if (op.components.some((c) => typeof c === 'string' && c.includes('\r'))) {
        normalizeLineEndings();
      }
    },
    presence(p) {
      const { name: shownName, color: shownColor } = shownPerson(p);
      people.upsert(p.clientId, shownName, shownColor);
      cursors.set({ ...p, name: shownName, color: shownColor });
      recolour();
      if (p.clientId === following) {
        keepFollowedInView();
      }
    },
    left(clientId) {
      if (clientId === following) {
        follow(null);
      }
      people.remove(clientId);
      cursors.remove(clientId);
      recolour();
    },
    language: setLanguage,
    refused: (refusal) => showNotice(describeRefusal(refusal)),
    trouble: showTrouble,
    access: showRole,
    reload: () => connection.restart(),
    lost: (reason) =>
      showNotice(
        `The document was reloaded from the server and your unsent edits were lost: ${reason}.`,
      ),
    status: () => {
      keepPending();
      showStatus();
      historyPanel?.headMoved(session.version());
    },
  });
  session.useSecret(secret);

  // ---- edits kept across a reload ----

  let storageFull = false;
  let keepScheduled = false;
  /** Stores the pending edits once the events of this task are handled, not at each of them. */
  const keepPending = () => {
    if (keepScheduled) {
      return;
    }
    keepScheduled = true;
    queueMicrotask(() => {
      keepScheduled = false;
      if (noAccess) {
        return;
      }
      const kept = pendingStore.save(session.pendingState());
      if (!kept && !storageFull) {
        showNotice(
          "This browser's storage is full: edits not sent yet are lost if the page is reloaded " +
            'or closed before the connection returns.',
          false,
        );
      }
      storageFull = !kept;
    });
  };

  connection = new Connection(socketUrl(roomId), {
    open: (send) => session.connected(send),
    message(text) {
      let message;
      try {
        message = JSON.parse(text);
      } catch {
        console.warn('Ensemble: a message from the server is not JSON', text);
        return;
      }
      session.receive(message);
    },
    close(code) {
      session.disconnected();
      if (signin && code === 4401 && sessionStorage.getItem(SIGNIN_TRIED) !== page) {
        // not signed in (or the session ended): sign in once and come back here
        noAccess = true;
        connection.stop();
        sessionStorage.setItem(SIGNIN_TRIED, page);
        if (fromLink !== null) {
          keepLinkThroughSignin(roomId, fromLink);
        }
        location.assign(signinUrl(page));
      } else if (noAccessFor[code]) {
        sessionStorage.removeItem(SIGNIN_TRIED);
        const unsent = session.pending();
        showNoAccess(noAccessFor[code]);
        if (code === 4404) {
          // edits of a room that is gone cannot be sent anywhere: said, then forgotten
          pendingStore.clear();
        }
        if (unsent > 0) {
          showNotice(
            `${unsent} ${unsent === 1 ? 'edit' : 'edits'} made here could not be sent: ` +
              (code === 4404 ? 'the room no longer exists.' : 'the room no longer opens.'),
            false,
          );
        }
      }
    },
    state: showStatus,
  });

  languageSelect.addEventListener('change', () => {
    if (session.changeLanguage(languageSelect.value)) {
      setLanguage(languageSelect.value);
    } else {
      showLanguage(languageSelect, session.language());
    }
  });
  bindCopyLink($('copy-link'));
  $('no-access-create').addEventListener('click', async () => {
    const button = $('no-access-create');
    button.disabled = true;
    try {
      openCreated(await api('rooms', { method: 'POST', body: { id: roomId } }));
    } catch (e) {
      $('no-access-error').textContent = `Could not create the room: ${e.message}`;
      $('no-access-error').hidden = false;
      button.disabled = false;
    }
  });

  // ---- files ----

  /** Replaces the document with a file's text: one edit and one undo step of its own. */
  const openFile = async (file) => {
    if (!hasDocument || blocked() !== null) {
      showNotice(blocked() === 'viewer' ? viewOnly : 'This room takes no edits now.');
      return;
    }
    let text;
    try {
      text = await readText(file, session.limits().maxDocumentChars);
    } catch (e) {
      if (e instanceof UnreadableFile) {
        showNotice(e.message);
        return;
      }
      throw e;
    }
    undo.separate();
    editor.executeEdits('open-file', [{ range: model.getFullModelRange(), text }]);
    undo.separate();
    const language = languageOf(file.name);
    if (language !== null && language !== session.language() && session.changeLanguage(language)) {
      setLanguage(language);
    }
  };
  /**
   * Brings the document back to `text`, a version from the history, as one ordinary edit (and one
   * undo step) of its own: it shows in the history, and restoring the version before undoes it.
   * Only what differs is replaced, so that the lines around it keep their authors.
   */
  const restore = (text, language) => {
    if (!hasDocument || blocked() !== null) {
      showNotice(blocked() === 'viewer' ? viewOnly : 'This room takes no edits now.');
      return;
    }
    let start = 0;
    let removed = 0;
    let inserted = '';
    for (const c of diff(model.getValue(), text).toJSON()) {
      if (typeof c === 'string') {
        inserted = c;
      } else if (c < 0) {
        removed = -c;
      } else if (removed === 0 && inserted === '') {
        start = c;
      }
    }
    if (removed > 0 || inserted !== '') {
      const from = model.getPositionAt(start);
      const to = model.getPositionAt(start + removed);
      undo.separate();
      editor.executeEdits('restore', [
        {
          range: new monaco.Range(from.lineNumber, from.column, to.lineNumber, to.column),
          text: inserted,
        },
      ]);
      undo.separate();
    }
    if (language !== session.language() && session.changeLanguage(language)) {
      setLanguage(language);
    }
  };
  historyPanel = new HistoryPanel(monaco, {
    id: roomId,
    secret,
    ownSrc: () => session.src(),
    canEdit: () => hasDocument && blocked() === null,
    restore,
    opened: (open) => {
      $('editor').hidden = open;
      if (!open) {
        editor.focus();
      }
    },
  });
  $('download').addEventListener('click', () =>
    download(fileNameFor(roomId, session.language()), model.getValue()),
  );
  $('open-file').addEventListener('click', () => $('open-file-input').click());
  $('open-file-input').addEventListener('change', (event) => {
    const file = event.target.files[0];
    event.target.value = '';
    if (file) {
      openFile(file);
    }
  });
  // in the capture phase, before Monaco takes the drop as text to insert
  $('editor').addEventListener(
    'dragover',
    (event) => {
      if (carriesFiles(event)) {
        event.preventDefault();
        event.stopPropagation();
        event.dataTransfer.dropEffect = 'copy';
      }
    },
    true,
  );
  $('editor').addEventListener(
    'drop',
    (event) => {
      const file = droppedFile(event);
      if (file) {
        event.preventDefault();
        event.stopPropagation();
        openFile(file);
      }
    },
    true,
  );
  window.addEventListener('beforeunload', (event) => {
    // edits kept in storage come back with the page: only those that could not be kept prompt
    if (session.pending() > 0 && !noAccess && storageFull) {
      event.preventDefault();
    }
  });
  // another link of this room pasted into the address bar: open the room with it
  window.addEventListener('hashchange', () => location.reload());

  window.ensemble = {
    editor,
    monaco,
    session: {
      text: () => session.text(),
      version: () => session.version(),
      state,
      pending: () => session.pending(),
      clientId: () => session.clientId(),
      remoteCursors: () => cursors.list(),
      language: () => session.language(),
      role: () => session.role(),
    },
    history: {
      shown: () => historyPanel.shownText(),
      diff: () => historyPanel.diffTexts(),
    },
  };

  // edits this tab typed before a reload, not acknowledged then: taken up before connecting
  const stored = pendingStore.load();
  if (stored !== null) {
    if (session.restore(stored)) {
      // the edits show and can be added to before the server is reached
      binding.setText(session.text());
      if (stored.language) {
        setLanguage(stored.language);
      }
      hasDocument = true;
      updateEditable();
    } else {
      pendingStore.clear();
      showNotice('Edits kept from before the page was reloaded did not fit together: dropped.');
    }
  }

  showStatus();
  connection.start();
}
