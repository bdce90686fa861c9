export { Session, type SessionOptions, type ExecResult, type RunOptions, type Chunk } from "./session";
export { type Command, type CommandContext, type Output, Exit } from "./command";
export { parseScript, tokenize, ShellSyntaxError, type ScriptLine } from "./shell";
export { DeviceCaptures } from "./capture";
