// What the scanner asks of JavaScript: the detectors that stay there (e-mail, IBAN, IPv6 read
// Unicode and regex-skip long tokens) and the context-word checks (lower-casing, word sets). Each
// reads the text being scanned, which JavaScript holds as a string beside this module's copy.

/** A finding of the numeric detectors: `type` is one of the `TYPE_*` codes in `numeric.ts`. */
@external("scan", "found")
export declare function found(start: i32, end: i32, type: i32): void;

/** The end of an IBAN starting at `start` (already recorded), or -1. */
@external("scan", "ibanAt")
export declare function ibanAt(start: i32): i32;

/** Handles the `@` at `at`; returns the index the scan continues after. */
@external("scan", "atSign")
export declare function atSign(at: i32): i32;

/** Handles the `:` at `colon`; returns the index the scan continues after. */
@external("scan", "colon")
export declare function colon(colon: i32): i32;

/** Whether the non-ASCII code unit `c` is a letter, mark or digit. */
@external("scan", "isUnicodeWord")
export declare function isUnicodeWord(c: i32): bool;

/** Whether a phone word comes within 40 characters before `index`. */
@external("scan", "phoneContext")
export declare function phoneContext(index: i32): bool;

/** Whether a social-security word comes within 48 characters before `index`. */
@external("scan", "ssnContext")
export declare function ssnContext(index: i32): bool;

/** Whether the word before `index` says an identifier follows (`order`, `invoice`, …). */
@external("scan", "identifierBefore")
export declare function identifierBefore(index: i32): bool;

/** Whether the word before `index` introduces a version (`version`, `build`, …). */
@external("scan", "versionBefore")
export declare function versionBefore(index: i32): bool;
