/* global process */
// Runs s3rver in its own process, so a test can kill it to see what Troupe does when S3 goes down.
// Arguments: directory, port (0 for any free one), bucket. Prints {"port":N} once it is listening.
import S3rver from 's3rver';

const [directory, port, bucket] = process.argv.slice(2);
const server = new S3rver({
  address: '127.0.0.1',
  port: Number(port),
  directory,
  silent: true,
  configureBuckets: [{ name: bucket }],
});
const address = await server.run();
process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);

// The parent holds our stdin open: when it goes away, however it ends, so do we.
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
