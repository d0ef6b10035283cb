// Monaco ships as AMD modules: room.html loads monaco/vs/loader.js with a classic script, and this
// module turns its require() into a promise the ES modules can await.

import { appUrl } from './paths.js';

export function loadMonaco() {
  return new Promise((resolve, reject) => {
    const amdRequire = window.require;
    if (typeof amdRequire?.config !== 'function') {
      reject(new Error('the Monaco loader (monaco/vs/loader.js) did not load'));
      return;
    }
    // absolute: Monaco's language workers resolve this path too, where a relative one means nothing
    amdRequire.config({ paths: { vs: appUrl('monaco/vs') } });
    amdRequire(['vs/editor/editor.main'], () => resolve(window.monaco), reject);
  });
}
