import * as assert from 'uvu/assert';

/** Asserts that each part occurs in `text`; a failure names the missing part and shows the text. */
export function assertIncludesEach(text: string, parts: readonly string[]): void {
  for (const part of parts) assert.ok(text.includes(part), `${part} in\n${text}`);
}

/** The lines of `text` (e.g. a run's log) that contain every one of `parts`. */
export function linesWithEach(text: string, parts: readonly string[]): string[] {
  return text.split('\n').filter((line) => parts.every((part) => line.includes(part)));
}
