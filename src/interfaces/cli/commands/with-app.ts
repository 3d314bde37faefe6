import type { CliContext, OpenedApp } from '../cli-context.js';

/** Opens the app for one command and always closes it, so the database is released on every path. */
export async function withApp<T>(context: CliContext, work: (app: OpenedApp) => Promise<T>): Promise<T> {
  const app = await context.openApp();
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}
