import en from 'zod/v4/locales/en.js';
import { config } from 'zod/mini';

// zod/mini: the same checks as `zod`, but functions instead of methods, so a bundle takes only what it uses (the
// classic `zod` entry is one object of every schema and method, about 445 KB in each function). zod/mini loads no
// messages: without English every issue would read "Invalid input", so the operator could not see what is wrong.
config(en());

// Re-exported as a module, never as one `z` object: `import * as z` from here lets esbuild keep only what is used; an
// exported namespace object would pull in all of zod/mini again, every locale included.
export * from 'zod/mini';
