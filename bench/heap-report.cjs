// Preloaded by the bench (`node --require`) into the dashboard whose resident memory it measures.
// Resident memory moves by ±8 MB from run to run with when V8 last collected, more than most
// changes to what the dashboard keeps; the live heap after full collections does not. On
// SIGUSR2 (after the resident memory is read) it collects twice and writes the live heap to
// $HEAP_REPORT. The collector is reached only then: a flag set before the dashboard's script
// compiles would make V8 reject its code cache.
'use strict';
const { renameSync, writeFileSync } = require('node:fs');

process.on('SIGUSR2', () => {
  require('node:v8').setFlagsFromString('--expose-gc');
  const gc = require('node:vm').runInNewContext('gc');
  gc();
  gc();
  // Whole or not at all: the bench reads it as soon as it is there.
  const report = process.env.HEAP_REPORT;
  writeFileSync(`${report}.tmp`, JSON.stringify({ heapMb: process.memoryUsage().heapUsed / 1048576 }));
  renameSync(`${report}.tmp`, report);
});
