import type { ImportSource } from '../../app/import/import-source.js';
import type { Troupe } from '../../app/troupe.js';

/** The terminal, as the CLI sees it: tests pass buffers, the binary passes the process's streams. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Whether stdout is a terminal that can redraw progress bars and show colors. */
  readonly isTty: boolean;
  /**
   * Asks a yes/no question on the terminal and resolves true for yes; undefined when stdin is no terminal, so
   * commands that need a confirmation refuse without `--yes` instead of hanging.
   */
  readonly confirm?: (question: string) => Promise<boolean>;
  /** Registers a Ctrl-C handler; returns the function that removes it. */
  onInterrupt(handler: () => void): () => void;
}

export interface OpenedApp {
  readonly troupe: Troupe;
  readonly owner: string;
  close(): Promise<void>;
}

export interface CliContext {
  readonly io: CliIo;
  /** What `troupe --version` prints (the package's version). */
  readonly version?: string;
  /** Opens the app (database, adapters) only for commands that need it, after their arguments are checked. */
  readonly openApp: () => Promise<OpenedApp>;
  /** Opens a seed-format folder for `troupe import`, read-only; throws TroupeError INVALID_INPUT when it overlaps the data directory. */
  readonly openImportSource: (path: string) => Promise<ImportSource>;
  /** The bundled synthetic base image of the demo actor. */
  readonly demoBaseImagePath: string;
  /** Starts the API, web UI and in-process worker; `isDemo` makes sure the demo actor exists and has images. */
  readonly serve: (options: {
    host?: string;
    port?: number;
    isDemo: boolean;
  }) => Promise<{ url: string; close(): Promise<void> }>;
}
