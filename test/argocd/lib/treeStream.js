'use strict';
/*
 * GET /api/v1/stream/applications/<name>/resource-tree, as argocd-server serves it: server-sent
 * events, one `data: {"result": <tree>}` per change of the application's tree. (argocd-server
 * pushes from its cluster cache; the harness looks every `everyMs` and sends only changes.)
 */
function streamTree(req, res, load, everyMs = 500) {
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
  });
  let last = '';
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    try {
      const data = JSON.stringify({ result: await load() });
      if (data !== last) {
        last = data;
        res.write(`data: ${data}\n\n`);
      }
    } catch {
      // the next look tries again
    } finally {
      busy = false;
    }
  };
  tick();
  const timer = setInterval(tick, everyMs);
  req.on('close', () => clearInterval(timer));
}

module.exports = { streamTree };
