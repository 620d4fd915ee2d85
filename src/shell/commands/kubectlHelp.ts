/**
 * kubectl's help: the root help (`kubectl`, `kubectl --help`), a help page per subcommand this lab implements
 * (only the options the lab supports), the subcommands real kubectl has, and cobra's "Did you mean this?"
 * suggestions for a mistyped subcommand.
 */

/** Every subcommand of kubectl 1.31, with its one-line description, grouped as `kubectl --help` shows them. */
export const GROUPS: [string, [string, string][]][] = [
  ['Basic Commands (Beginner)', [
    ['create', 'Create a resource from a file or from stdin'],
    ['expose', 'Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service'],
    ['run', 'Run a particular image on the cluster'],
    ['set', 'Set specific features on objects'],
  ]],
  ['Basic Commands (Intermediate)', [
    ['explain', 'Get documentation for a resource'],
    ['get', 'Display one or many resources'],
    ['edit', 'Edit a resource on the server'],
    ['delete', 'Delete resources by file names, stdin, resources and names, or by resources and label selector'],
  ]],
  ['Deploy Commands', [
    ['rollout', 'Manage the rollout of a resource'],
    ['scale', 'Set a new size for a deployment, replica set, or replication controller'],
    ['autoscale', 'Auto-scale a deployment, replica set, stateful set, or replication controller'],
  ]],
  ['Cluster Management Commands', [
    ['certificate', 'Modify certificate resources'],
    ['cluster-info', 'Display cluster information'],
    ['top', 'Display resource (CPU/memory) usage'],
    ['cordon', 'Mark node as unschedulable'],
    ['uncordon', 'Mark node as schedulable'],
    ['drain', 'Drain node in preparation for maintenance'],
    ['taint', 'Update the taints on one or more nodes'],
  ]],
  ['Troubleshooting and Debugging Commands', [
    ['describe', 'Show details of a specific resource or group of resources'],
    ['logs', 'Print the logs for a container in a pod'],
    ['attach', 'Attach to a running container'],
    ['exec', 'Execute a command in a container'],
    ['port-forward', 'Forward one or more local ports to a pod'],
    ['proxy', 'Run a proxy to the Kubernetes API server'],
    ['cp', 'Copy files to and from containers'],
    ['auth', 'Inspect authorization'],
    ['debug', 'Create debugging sessions for troubleshooting workloads and nodes'],
    ['events', 'List events'],
  ]],
  ['Advanced Commands', [
    ['diff', 'Diff the live version against a would-be applied version'],
    ['apply', 'Apply a configuration to a resource by file name or stdin'],
    ['patch', 'Update fields of a resource'],
    ['replace', 'Replace a resource by file name or stdin'],
    ['wait', 'Experimental: Wait for a specific condition on one or many resources'],
    ['kustomize', 'Build a kustomization target from a directory or URL'],
  ]],
  ['Settings Commands', [
    ['label', 'Update the labels on a resource'],
    ['annotate', 'Update the annotations on a resource'],
    ['completion', 'Output shell completion code for the specified shell (bash, zsh, fish, or powershell)'],
  ]],
  ['Other Commands', [
    ['api-resources', 'Print the supported API resources on the server'],
    ['api-versions', 'Print the supported API versions on the server, in the form of "group/version"'],
    ['config', 'Modify kubeconfig files'],
    ['plugin', 'Provides utilities for interacting with plugins'],
    ['version', 'Print the client and server version information'],
  ]],
];

export const SUBCOMMANDS: string[] = [...GROUPS.flatMap(([, cmds]) => cmds.map(([n]) => n)), 'options', 'help'].sort();

export function rootHelp(): string {
  let s = 'kubectl controls the Kubernetes cluster manager.\n\n Find more information at: https://kubernetes.io/docs/reference/kubectl/\n\n';
  for (const [title, cmds] of GROUPS) {
    s += `${title}:\n`;
    for (const [n, d] of cmds) s += `  ${n.padEnd(13)}   ${d}\n`;
    s += '\n';
  }
  return s + 'Usage:\n  kubectl [flags] [options]\n\nUse "kubectl <command> --help" for more information about a given command.\n' +
    'Use "kubectl options" for a list of global command-line options (applies to all commands).\n';
}

const PAGES: Record<string, [string, string, string]> = {
  get: ['Display one or many resources.\n\n Prints a table of the most important information about the specified resources. You can filter the list using a label\nselector and the --selector flag.',
    "  # List all pods in ps output format\n  kubectl get pods\n\n  # List all pods in ps output format with more information (such as node name)\n  kubectl get pods -o wide\n\n  # List all pods in all namespaces\n  kubectl get pods -A\n\n  # List a single pod in JSON output format\n  kubectl get -o json pod web-pod-13je7\n\n  # Return only the phase value of the specified pod\n  kubectl get -o template pod/web-pod-13je7 --template={{.status.phase}}\n\n  # List resource information in custom columns\n  kubectl get pod test-pod -o custom-columns=CONTAINER:.spec.containers[0].name,IMAGE:.spec.containers[0].image\n\n  # List all replication controllers and services together in ps output format\n  kubectl get rc,services",
    "    -A, --all-namespaces=false:\n\tIf present, list the requested object(s) across all namespaces.\n\n    --field-selector='':\n\tSelector (field query) to filter on, supports '=', '==', and '!='.\n\n    --ignore-not-found=false:\n\tIf set to true, suppress NotFound error for specific objects that do not exist.\n\n    -L, --label-columns=[]:\n\tAccepts a comma separated list of labels that are going to be presented as columns.\n\n    --no-headers=false:\n\tWhen using the default or custom-column output format, don't print headers.\n\n    -o, --output='':\n\tOutput format. One of: (json, yaml, name, custom-columns, jsonpath, jsonpath-as-json, wide).\n\n    -l, --selector='':\n\tSelector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.\n\n    --show-kind=false:\n\tIf present, list the resource type for the requested object(s).\n\n    --show-labels=false:\n\tWhen printing, show all labels as the last column (default hide labels column).\n\n    --sort-by='':\n\tIf non-empty, sort list types using this field specification (a JSONPath expression).\n\nUsage:\n  kubectl get [(-o|--output=)json|yaml|name|wide|custom-columns=...|jsonpath=...] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags] [options]"],
  describe: ['Show details of a specific resource or group of resources.\n\n Print a detailed description of the selected resources, including related resources such as events or controllers.',
    '  # Describe a node\n  kubectl describe nodes kubernetes-node-emt8.c.myproject.internal\n\n  # Describe a pod\n  kubectl describe pods/nginx\n\n  # Describe pods by label name=myLabel\n  kubectl describe pods -l name=myLabel',
    "    -A, --all-namespaces=false:\n\tIf present, list the requested object(s) across all namespaces.\n\n    -l, --selector='':\n\tSelector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.\n\n    --show-events=true:\n\tIf true, display events related to the described object.\n\nUsage:\n  kubectl describe (-f FILENAME | TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [options]"],
  exec: ['Execute a command in a container.',
    "  # Get output from running the 'date' command from pod mypod, using the first container by default\n  kubectl exec mypod -- date\n\n  # Switch to raw terminal mode; sends stdin to 'bash' in ruby-container from pod mypod\n  kubectl exec mypod -c ruby-container -i -t -- bash -il",
    "    -c, --container='':\n\tContainer name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen\n\n    -i, --stdin=false:\n\tPass stdin to the container\n\n    -t, --tty=false:\n\tStdin is a TTY\n\n    -q, --quiet=false:\n\tOnly print output from the remote session\n\nUsage:\n  kubectl exec (POD | TYPE/NAME) [-c CONTAINER] [flags] -- COMMAND [args...] [options]"],
  logs: ['Print the logs for a container in a pod or specified resource. If the pod has only one container, the container name is\noptional.',
    '  # Return snapshot logs from pod nginx with only one container\n  kubectl logs nginx\n\n  # Begin streaming the logs of the ruby container in pod web-1\n  kubectl logs -f -c ruby web-1\n\n  # Show all logs from pod nginx written in the last hour\n  kubectl logs --since=1h nginx',
    "    -c, --container='':\n\tPrint the logs of this container\n\n    -f, --follow=false:\n\tSpecify if the logs should be streamed.\n\n    --prefix=false:\n\tPrefix each log line with the log source (pod name and container name)\n\n    --tail=-1:\n\tLines of recent log file to display. Defaults to -1 with no selector, showing all log lines\n\n    --timestamps=false:\n\tInclude timestamps on each line in the log output\n\nUsage:\n  kubectl logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] [options]"],
  version: ['Print the client and server version information for the current context.',
    '  # Print the client and server versions for the current context\n  kubectl version',
    "    --client=false:\n\tIf true, shows client version only (no server required).\n\n    -o, --output='':\n\tOne of 'yaml' or 'json'.\n\nUsage:\n  kubectl version [flags] [options]"],
  'cluster-info': ['Display addresses of the control plane and services with label kubernetes.io/cluster-service=true. To further debug and\ndiagnose cluster problems, use \'kubectl cluster-info dump\'.',
    '  # Print the address of the control plane and cluster services\n  kubectl cluster-info', 'Usage:\n  kubectl cluster-info [flags] [options]'],
  'api-resources': ['Print the supported API resources on the server.',
    '  # Print the supported API resources\n  kubectl api-resources\n\n  # Print the supported namespaced resources\n  kubectl api-resources --namespaced=true',
    "    --api-group='':\n\tLimit to resources in the specified API group.\n\n    --namespaced=true:\n\tIf false, non-namespaced resources will be returned, otherwise returning namespaced resources by default.\n\n    --no-headers=false:\n\tWhen using the default or custom-column output format, don't print headers (default print headers).\n\n    -o, --output='':\n\tOutput format. One of: (wide, name).\n\nUsage:\n  kubectl api-resources [flags] [options]"],
  config: ['Modify kubeconfig files using subcommands like "kubectl config set current-context my-context".',
    '', 'Available Commands:\n  current-context   Display the current-context\n  get-contexts      Describe one or many contexts\n  view              Display merged kubeconfig settings or a specified kubeconfig file\n\nUsage:\n  kubectl config SUBCOMMAND [options]'],
};

export function helpText(sub: string): string {
  const page = PAGES[sub];
  if (!page) return rootHelp();
  const [desc, examples, rest] = page;
  return `${desc}\n\n${examples ? `Examples:\n${examples}\n\n` : ''}${rest.startsWith('Usage') || rest.startsWith('Available') ? '' : 'Options:\n'}${rest}\n\n` +
    'Use "kubectl options" for a list of global command-line options (applies to all commands).\n';
}

function levenshtein(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

/** cobra's SuggestionsFor: edit distance at most 2, or a prefix of the command name. */
export function suggestions(typed: string): string[] {
  const t = typed.toLowerCase();
  return SUBCOMMANDS.filter((c) => c !== 'help' && c !== 'options')
    .filter((c) => levenshtein(t, c) <= 2 || (t !== '' && c.startsWith(t)));
}

export function unknownCommand(typed: string): string {
  const s = suggestions(typed);
  const did = s.length ? `\nDid you mean this?\n${s.map((x) => `\t${x}\n`).join('')}` : '';
  return `error: unknown command "${typed}" for "kubectl"\n${did}${did ? '\n' : ''}Run 'kubectl --help' for usage.\n`;
}
