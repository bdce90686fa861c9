/** The part of npm's longest-prefix-match (1.3.x, untyped CommonJS) the LPM suite uses. */
declare module "longest-prefix-match" {
  export default class LongestPrefixMatch {
    constructor();
    /** `prefix` as "a.b.c.d/len"; `payload` is returned by getMatch. */
    addPrefix(prefix: string, payload: unknown): void;
    /** The payloads of the longest matching prefix (all covering ones with `all`). */
    getMatch(prefix: string, all?: boolean): unknown[];
  }
}
