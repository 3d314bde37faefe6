export interface SkippedFile {
  /** The file's path inside the imported folder, e.g. `actors/0001_x/training_data/notes.txt`. */
  readonly file: string;
  readonly reason: string;
}

/** `created`: a new actor; `existing`: images added to an actor Troupe already had; `skipped`: nothing imported. */
export type ActorImportStatus = 'created' | 'existing' | 'skipped';

/** What importing one folder under `actors/` did. */
export interface ActorImportReport {
  /** The folder's name (the actor id when it is a valid one). */
  readonly folder: string;
  readonly status: ActorImportStatus;
  /** File names the imported images have in Troupe, in import order. */
  readonly imported: readonly string[];
  /** Images whose bytes the actor already had (from an earlier import): left as they were. */
  readonly alreadyPresent: number;
  readonly skipped: readonly SkippedFile[];
  /** Everything else worth knowing: renamed files, files missing from the manifest or from disk, manifest problems. */
  readonly oddities: readonly string[];
}

export interface ImportReport {
  /** The imported folder, as shown to the user. */
  readonly source: string;
  readonly actors: readonly ActorImportReport[];
  /** Oddities of the folder as a whole, such as manifests that belong to no actor folder. */
  readonly oddities: readonly string[];
}

/** Collects one actor's outcome while it is imported. */
export class ActorImportLog {
  status: ActorImportStatus = 'skipped';
  readonly imported: string[] = [];
  alreadyPresent = 0;
  readonly skipped: SkippedFile[] = [];
  readonly oddities: string[] = [];

  constructor(readonly folder: string) {}

  skip(file: string, reason: string): void {
    this.skipped.push({ file, reason });
  }

  note(oddity: string): void {
    this.oddities.push(oddity);
  }

  toReport(): ActorImportReport {
    return {
      folder: this.folder,
      status: this.status,
      imported: [...this.imported],
      alreadyPresent: this.alreadyPresent,
      skipped: [...this.skipped],
      oddities: [...this.oddities],
    };
  }
}

export function importTotals(report: ImportReport): {
  imported: number;
  alreadyPresent: number;
  skipped: number;
  oddities: number;
} {
  const sum = (pick: (actor: ActorImportReport) => number) =>
    report.actors.reduce((total, actor) => total + pick(actor), 0);
  return {
    imported: sum((a) => a.imported.length),
    alreadyPresent: sum((a) => a.alreadyPresent),
    skipped: sum((a) => a.skipped.length),
    oddities: sum((a) => a.oddities.length) + report.oddities.length,
  };
}
