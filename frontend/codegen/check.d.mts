/** Types of check.mjs (plain JavaScript: node runs it without a TypeScript loader). */
export declare const OUT_OF_DATE: string
/** The files that are missing from, extra in, or different in `actual` compared with `expected`. */
export declare function differences(expected: string, actual: string): string[]
