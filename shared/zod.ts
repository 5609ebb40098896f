import en from 'zod/v4/locales/en.js';
import * as z from 'zod/mini';

// zod/mini: the same checks as `zod`, but functions instead of methods, so a bundle takes only what it uses (the
// classic `zod` entry is one object of every schema and method, about 445 KB in each function). zod/mini loads no
// messages: without English every issue would read "Invalid input", so the operator could not see what is wrong.
z.config(en());

export { z };
