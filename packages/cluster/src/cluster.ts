/**
 * A cluster built in a pktsim Session from a spec: the build script is run command by command
 * (what a CNI plugin and kube-proxy would do on real nodes), so everything it makes is ordinary
 * pktsim state that the CLI shows (`ip netns exec node1-pod1 ip route`, `iptables-save`).
 */
import type { HostOptions } from "@pktsim/stack";
import { Session } from "pktsim";
import { clusterScript } from "./script";
import { type ClusterLayout, type ClusterSpec, layout } from "./spec";

export class ClusterBuildError extends Error {
  readonly line: string;
  readonly output: string;
  constructor(line: string, output: string) {
    super(`cluster build failed at \`${line}\`: ${output.trim()}`);
    this.name = "ClusterBuildError";
    this.line = line;
    this.output = output;
  }
}

export interface BuildOptions extends HostOptions {
  /** Extra commands run after the build (faults, extra rules). */
  extra?: readonly string[];
  /**
   * Go on when a command fails, as a cluster whose route controller hit an error does; the
   * failures are kept in `buildErrors`. By default the first failure throws.
   */
  keepGoing?: boolean;
}

export class Cluster {
  readonly spec: ClusterSpec;
  readonly layout: ClusterLayout;
  readonly session: Session;
  /** Every command that built it, in order: a pktsim script that rebuilds it. */
  readonly script: readonly string[];
  /** Commands that failed during a `keepGoing` build, with what they printed. */
  readonly buildErrors: ReadonlyArray<{ readonly line: string; readonly output: string }>;

  private constructor(spec: ClusterSpec, lay: ClusterLayout, session: Session, script: string[], errors: Array<{ line: string; output: string }>) {
    this.spec = spec;
    this.layout = lay;
    this.session = session;
    this.script = script;
    this.buildErrors = errors;
  }

  /** Builds the cluster; throws ClusterBuildError naming the first command that failed. */
  static build(spec: ClusterSpec, options: BuildOptions = {}): Cluster {
    const lay = layout(spec);
    const session = new Session(options);
    const script = [...clusterScript(lay), ...(options.extra ?? [])];
    const errors: Array<{ line: string; output: string }> = [];
    for (const line of script) {
      if (line.startsWith("#")) continue;
      const r = session.exec(line);
      if (r.status === 0) continue;
      if (options.keepGoing !== true) throw new ClusterBuildError(line, r.output);
      errors.push({ line, output: r.output });
    }
    return new Cluster(spec, lay, session, script, errors);
  }

  /** Runs a command on the cluster's machine (`ip netns exec node1 iptables-save`, …). */
  exec(line: string): string {
    return this.session.exec(line).output;
  }

  /** The build as one script for `pktsim run`. */
  scriptText(): string {
    return `${this.script.join("\n")}\n`;
  }
}
