/* global process */
// A separate process that records `count` successes for one actor through the real SQLite adapters (dist/), so a
// test can run several at once on one database file. Prints the numbers it got as JSON.
import { openSqliteDatabase } from '../../dist/adapters/db/sqlite-database.js';
import { KyselySuccessRecorder } from '../../dist/adapters/db/kysely-success-recorder.js';

const [dbFile, actorId, countText, tag] = process.argv.slice(2);
const db = await openSqliteDatabase(dbFile);
const recorder = new KyselySuccessRecorder(db);
const numbers = [];
for (let i = 0; i < Number(countText); i += 1) {
  const image = await recorder.recordSuccess({
    image: {
      id: `img_${tag}_${i}`,
      actorId,
      type: 'photorealistic',
      prompt: 'p',
      promptId: 'photo-01',
      s3Url: null,
      generatedAt: new Date().toISOString(),
      generatedBy: 'troupe',
      jobId: null,
      attemptId: `att_${tag}_${i}`,
      width: 512,
      height: 512,
      sizeBytes: 1,
      sha256: `${tag}${i}`,
    },
    nameFor: (n) => `${actorId}_${n}.jpg`,
    attemptId: `att_${tag}_${i}`,
    endedAt: new Date().toISOString(),
    costMicroUsd: 0,
  });
  numbers.push(image.number);
}
await db.destroy();
process.stdout.write(JSON.stringify(numbers));
