'use strict';
/** Wall and process-user CPU time of a call (CPU time is skewed less by other processes). */
function timed(fn) {
  const t = process.hrtime.bigint(), cu = process.cpuUsage();
  const out = fn();
  return { wall: Number(process.hrtime.bigint() - t) / 1e6, cpu: process.cpuUsage(cu).user / 1000, out };
}
async function timedAsync(fn) {
  const t = process.hrtime.bigint(), cu = process.cpuUsage();
  const out = await fn();
  return { wall: Number(process.hrtime.bigint() - t) / 1e6, cpu: process.cpuUsage(cu).user / 1000, out };
}
module.exports = { timed, timedAsync };
