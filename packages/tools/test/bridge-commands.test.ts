/**
 * A bridge loop ends a script with a clear broadcast-storm error instead of running forever.
 * (Exit statuses of the bridge commands are checked with every differential case's, in
 * tests/differential/differential.test.ts.)
 */
import { BroadcastStormError } from "@pktsim/devices";
import { describe, expect, it } from "vitest";
import { Session } from "../src/index";

describe("a loop of bridges in a script", () => {
  it("stops with a BroadcastStormError that names the bridge and the ports", () => {
    const session = new Session({ seed: 1 });
    const script = [
      "ip netns add h1",
      "ip link add br0 type bridge",
      "ip link add br1 type bridge",
      "ip link add a0 type veth peer name a1",
      "ip link add b0 type veth peer name b1",
      "ip link add vh1 type veth peer name eth0 netns h1",
      "ip link set a0 master br0",
      "ip link set b0 master br0",
      "ip link set vh1 master br0",
      "ip link set a1 master br1",
      "ip link set b1 master br1",
      "ip link set br0 up",
      "ip link set br1 up",
      "ip link set a0 up",
      "ip link set a1 up",
      "ip link set b0 up",
      "ip link set b1 up",
      "ip link set vh1 up",
      "ip -n h1 addr add 10.0.0.1/24 dev eth0",
      "ip -n h1 link set eth0 up",
      "sleep 1",
      "ip netns exec h1 ping -c 1 -W 1 10.0.0.2",
    ].join("\n");
    expect(() => session.runScript(script)).toThrow(BroadcastStormError);
    expect(() => session.exec("sleep 1")).toThrow(/^broadcast storm detected on bridge br[01] at t=[0-9.]+s: one frame came back and was flooded 33 times, arriving on ports [ab][01] /);
  });
});
