/**
 * net-tools 2.10 `netstat -r` (netstat.c → route_info → rprint_fib/rprint_cache): the routing
 * table in net-tools' layouts. Its other modes (sockets, interfaces, statistics) are not
 * modelled.
 */
import type { CommandContext } from "../command";
import { rprintCache, rprintFib } from "./route";

export function netstat(ctx: CommandContext): number {
  let routes = false;
  let numeric = false;
  let extend = 0;
  let cache = false;
  for (const a of ctx.argv.slice(1)) {
    if (a === "--route") routes = true;
    else if (a === "--numeric") numeric = true;
    else if (a === "--extend") extend++;
    else if (a === "--cache") cache = true;
    else if (a.startsWith("-") && !a.startsWith("--")) {
      for (const c of a.slice(1)) {
        if (c === "r") routes = true;
        else if (c === "n") numeric = true;
        else if (c === "e") extend++;
        else if (c === "C") cache = true;
        else if (c === "4" || c === "F" || c === "v") continue;
        else {
          ctx.err(`netstat: option -${c} is not modelled by pktsim\n`);
          return 1;
        }
      }
    } else {
      ctx.err(`netstat: ${a} is not modelled by pktsim\n`);
      return 1;
    }
  }
  if (!routes) {
    ctx.err("netstat: only the routing table (-r) is modelled by pktsim\n");
    return 1;
  }
  // netstat's default is the MSS/Window/irtt layout; one -e switches to Metric/Ref/Use, two to both.
  const ext = extend === 0 ? 2 : extend === 1 ? 1 : 3;
  ctx.out(cache ? rprintCache(ext) : rprintFib(ctx.ns, ext, numeric));
  return 0;
}
