// graphql-http's server audits (the GraphQL over HTTP spec) against the URL given as the
// first argument; one JSON line per audit on stdout: {id, name, status, reason}.
import { serverAudits } from "graphql-http";

const url = process.argv[2];
for (const audit of serverAudits({ url })) {
  const result = await audit.fn();
  const line = { id: audit.id, name: audit.name, status: result.status };
  if (result.status !== "ok") line.reason = result.reason;
  console.log(JSON.stringify(line));
}
