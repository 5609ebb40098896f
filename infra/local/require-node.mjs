// Runs before `npm start` on whatever Node is installed (plain JavaScript, no dependencies): a clear message instead of
// an obscure failure later. The required version is the one declared in package.json's "engines".
import { readFileSync } from 'node:fs';

const wanted = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).engines.node; // ">=22"
const [wantedMajor, wantedMinor = 0] = wanted.replace(/^>=\s*/, '').split('.').map(Number);
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < wantedMajor || (major === wantedMajor && minor < wantedMinor)) {
  process.stderr.write(
    `Raadspost needs Node.js ${wanted.replace(/^>=\s*/, '')} or newer (package.json "engines": "${wanted}"); this is Node.js ${process.versions.node}.\n` +
      'Install Node.js 22 (an LTS release; the functions run on nodejs22.x in Lambda), e.g. with nvm ("nvm install 22", see .nvmrc),\n' +
      'or run .ci/run, which fetches Node.js 22 from the npm registry when the machine has an older one. See README, "Node.js".\n',
  );
  process.exit(1);
}
