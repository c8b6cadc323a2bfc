/** Where a long step stands; `total` is null while unknown (a stream being read). */
export interface ProgressState {
  readonly step: string;
  readonly done: number;
  readonly total: number | null;
  readonly ratePerSecond: number;
  readonly etaSeconds: number | null;
}

/** Something that shows progress as it happens, e.g. a bar on a terminal. */
export interface ProgressSink {
  update(state: ProgressState): void;
  finish(state: ProgressState): void;
}
