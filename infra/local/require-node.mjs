// Runs before `npm start` on whatever Node is installed (plain JavaScript, no dependencies): a clear message when the
// Node.js is older than the one declared in package.json's "engines", which is what CI tests and Lambda runs.
// It warns and goes on (an older LTS still runs the local stack); CI itself always runs on the declared version.
import { readFileSync } from 'node:fs';

const wanted = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).engines.node; // ">=22"
const [wantedMajor, wantedMinor = 0] = wanted.replace(/^>=\s*/, '').split('.').map(Number);
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < wantedMajor || (major === wantedMajor && minor < wantedMinor)) {
  process.stderr.write(
    `Note: Raadspost is built for Node.js ${wanted.replace(/^>=\s*/, '')} or newer (package.json "engines": "${wanted}"); this is Node.js ${process.versions.node}.\n` +
      'It is what CI tests and what the functions run on in Lambda (nodejs22.x). Install Node.js 22, e.g. "nvm install" (see .nvmrc),\n' +
      'or run .ci/run, which fetches Node.js 22 from the npm registry when the machine has an older one. See README, "Node.js".\n',
  );
}
