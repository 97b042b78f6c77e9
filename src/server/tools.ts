/**
 * The focused tools the web app offers: the engine's definitions (engine/focused-tools.ts, shared with
 * the CLI and the API), each offered only when every probe it needs is registered in the engine, so a
 * tool whose probe has not been built does not appear.
 */
import { probeKeys } from '../engine/scan.js';
import { FOCUSED_TOOLS, type FocusedTool } from '../engine/focused-tools.js';

export type ToolDef = FocusedTool;

export function availableTools(): FocusedTool[] {
  const keys = new Set(probeKeys());
  return FOCUSED_TOOLS.filter((t) => t.probes.every((p) => keys.has(p)));
}

export const findTool = (id: string): FocusedTool | undefined => availableTools().find((t) => t.id === id);
