import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * What the functions that parse mail (mailparser) need from the bundler to stay lean, within what NodejsFunction
 * supports (externalModules, esbuildArgs and command hooks; no esbuild plugins). Issue 6, "Lean cold starts".
 *
 * 1. iconv-lite's CJK code tables for Big5, Shift_JIS, EUC-JP, EUC-KR and GB18030 (about 320 KB once bundled) stay out of
 *    index.mjs. iconv-lite requires each only inside the codec that needs it (`require("./tables/cp950.json")` in
 *    encodings/dbcs-data.js); marked external, that call stays in the bundle, the banner's `createRequire(import.meta.url)`
 *    resolves it next to index.mjs, and afterBundling copies the tables there. A mail in such a charset loads its table
 *    from the asset on first use; every other mail never reads them. The GBK tables stay inside: libmime builds the GBK
 *    codec when it is imported (charset.js, `iconv.getCodec('gbk')`), so every cold start needs them anyway.
 * 2. libmime, libqp and libbase64 ship an ESM and a CJS build. mailparser imports them and mailsplit requires them, so
 *    esbuild bundled (and Node evaluated) both builds, libmime's MIME-type table twice. Aliased to the CJS build, which
 *    serves import and require alike, they are bundled once (about 95 KB less).
 */

const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Directory of a package as `from` would resolve it. */
const packageDir = (from: string, name: string): string => path.dirname(createRequire(from).resolve(`${name}/package.json`));

const mailparserDir = packageDir(path.join(PROJECT_ROOT, 'package.json'), 'mailparser');
const mailsplitDir = packageDir(path.join(mailparserDir, 'package.json'), '@zone-eu/mailsplit');
const libmimeDir = packageDir(path.join(mailparserDir, 'package.json'), 'libmime');

/** iconv-lite as libmime (mailparser's charset decoder) resolves it: the copy whose code goes into the bundle. */
const iconvTablesDir = path.join(packageDir(path.join(libmimeDir, 'package.json'), 'iconv-lite'), 'encodings', 'tables');

/** Tables libmime loads when it is imported (the GBK codec): bundled, as every cold start reads them. */
const LOADED_AT_IMPORT = new Set(['cp936.json', 'gbk-added.json']);

/** The tables that stay beside the bundle. */
const LAZY_ICONV_TABLES = readdirSync(iconvTablesDir).filter((file) => file.endsWith('.json') && !LOADED_AT_IMPORT.has(file)).sort();

/** For `externalModules`: the import paths of those tables as iconv-lite writes them (esbuild matches the path as written). */
export const ICONV_TABLES_EXTERNAL: readonly string[] = LAZY_ICONV_TABLES.map((file) => `./tables/${file}`);

const posixRelative = (file: string): string => `./${path.relative(PROJECT_ROOT, file).split(path.sep).join('/')}`;

/**
 * `--alias` values (esbuild resolves a relative replacement in its working directory, the project root, as NodejsFunction
 * runs it locally): each dual package to its CJS build, but only where mailparser's ESM side and mailsplit's CJS side
 * resolve the same copy (aliasing two different versions to one would be wrong; then both stay).
 */
export const MAILPARSER_ALIASES: readonly string[] = (
  [
    ['libmime', mailparserDir], // imported by mailparser (ESM), required by mailsplit (CJS)
    ['libqp', libmimeDir], // imported by libmime's ESM build, required by mailsplit
    ['libbase64', libmimeDir],
  ] as const
)
  .filter(([name, esmConsumer]) => packageDir(path.join(esmConsumer, 'package.json'), name) === packageDir(path.join(mailsplitDir, 'package.json'), name))
  .map(([name]) => `${name}=${posixRelative(createRequire(path.join(mailsplitDir, 'package.json')).resolve(name))}`);

/** One shell word: NodejsFunction runs command hooks through a shell. */
export const shellQuote = (arg: string): string => `'${arg.replace(/'/g, `'\\''`)}'`;

/** Shell command that copies the lazily loaded tables next to the bundle (`inputDir`/`outputDir` as NodejsFunction's hooks get them). */
export const iconvTablesCopyCommand = (inputDir: string, outputDir: string): string => {
  const from = path.posix.join(inputDir, path.relative(PROJECT_ROOT, iconvTablesDir).split(path.sep).join('/'));
  const to = path.posix.join(outputDir, 'tables');
  return [`mkdir -p ${shellQuote(to)}`, `cp ${LAZY_ICONV_TABLES.map((file) => shellQuote(path.posix.join(from, file))).join(' ')} ${shellQuote(to)}/`].join(' && ');
};
