// What the scanner asks of JavaScript: the e-mail detector (Unicode local parts and domains, a
// regex skip over `a@a@…` chains), the context-word checks where the text read is not Latin-1
// (lower-casing, word sets over Unicode text; `context-words.ts` answers the Latin-1 cases) and
// Unicode letter classes. Each reads the text being scanned, which JavaScript holds as a
// string beside this module's copy.

/** A finding: `type` is one of the `TYPE_*` codes (`numeric.ts`, `iban.ts`, `ipv6.ts`). */
@external("scan", "found")
export declare function found(start: i32, end: i32, type: i32): void;

/** Handles the `@` at `at`; returns the index the scan continues after. */
@external("scan", "atSign")
export declare function atSign(at: i32): i32;

/** Whether the non-ASCII code unit `c` is a letter, mark or digit. */
@external("scan", "isUnicodeWord")
export declare function isUnicodeWord(c: i32): bool;

/** Whether a phone word comes within 40 characters before `index`. */
@external("scan", "phoneContext")
export declare function phoneContext(index: i32): bool;

/** Whether a tracking or carrier word comes within 40 characters before `index`. */
@external("scan", "trackingContext")
export declare function trackingContext(index: i32): bool;

/** Whether a social-security word comes within 48 characters before `index`. */
@external("scan", "ssnContext")
export declare function ssnContext(index: i32): bool;

/** Whether the word before `index` says an identifier follows (`order`, `invoice`, …). */
@external("scan", "identifierBefore")
export declare function identifierBefore(index: i32): bool;

/** Whether the word before `index` introduces a version (`version`, `build`, …). */
@external("scan", "versionBefore")
export declare function versionBefore(index: i32): bool;
