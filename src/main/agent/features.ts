// The harness features meant to help small models, each of which can be switched off (the eval's
// ablation measures which ones earn their tokens). All are on by default.

export interface HarnessFeatures {
  /** The ranked repository map in the first message. */
  repoMap: boolean;
  /** Long tool output cut to its budget as head + tail with a marker and a spill file (off: head only). */
  outputShaping: boolean;
  /** Older history stubbed and summarised when the window fills (off: the run ends when it is full). */
  compaction: boolean;
  /** Tool calls written as text in a reply are recognised and run (or answered with how to call). */
  textCalls: boolean;
  /** Repeated calls and cycles are pointed out to the model before the run is stopped. */
  loopWarnings: boolean;
  /** A final answer that only announces a next step is sent back once, with the step to take. */
  narrationCheck: boolean;
  /** A reply that keeps repeating the same text is stopped early. */
  repetitionStop: boolean;
}

export const FEATURE_NAMES = [
  'repoMap',
  'outputShaping',
  'compaction',
  'textCalls',
  'loopWarnings',
  'narrationCheck',
  'repetitionStop',
] as const satisfies readonly (keyof HarnessFeatures)[];

export const ALL_FEATURES: Readonly<HarnessFeatures> = {
  repoMap: true,
  outputShaping: true,
  compaction: true,
  textCalls: true,
  loopWarnings: true,
  narrationCheck: true,
  repetitionStop: true,
};

export function withFeatures(partial: Partial<HarnessFeatures> | undefined): HarnessFeatures {
  return { ...ALL_FEATURES, ...partial };
}
