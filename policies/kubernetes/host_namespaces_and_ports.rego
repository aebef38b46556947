# METADATA
# title: Pods do not share host namespaces or bind host ports
# description: |
#   Pods do not set hostNetwork, hostPID or hostIPC, and no container binds a hostPort. hostNetwork
#   also exposes the node's instance metadata service (IMDS) and its credentials. Pod Security Standards:
#   baseline. Platform namespaces in exempt_namespaces are skipped.
# custom:
#   id: K8S-HOST-NAMESPACES-AND-PORTS
#   severity: high
#   controls: ["hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(4)(i)", "hipaa:164.312(a)(1)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-annex11:12.1"]
#   remediation: "Remove hostNetwork/hostPID/hostIPC (or set them to false) and hostPort from the pod spec; expose the workload through a Service (ClusterIP behind an internal load balancer or Ingress) instead."
#   kinds: [kubernetes]
package evident.checks.kubernetes.host_namespaces_and_ports

import rego.v1

import data.evident.lib.kubernetes as k8s

violation contains {"msg": msg, "path": path} if {
	not k8s.is_exempt
	some p in k8s.pod_specs
	some field in ["hostNetwork", "hostPID", "hostIPC"]
	k8s.truthy(p.spec[field])
	path := sprintf("%s.%s", [p.path, field])
	msg := sprintf("%s: the pod spec at %s sets %s: true, sharing the node's %s; remove it (or set it to false)", [k8s.display, p.path, field, _shared[field]])
}

violation contains {"msg": msg, "path": path} if {
	not k8s.is_exempt
	some c in k8s.containers
	some j, port in c.container.ports
	to_number(port.hostPort) != 0
	path := sprintf("%s.ports[%d].hostPort", [c.path, j])
	msg := sprintf("%s: container %q binds host port %v; remove hostPort and expose the port through a Service", [k8s.display, c.name, port.hostPort])
}

_shared := {
	"hostNetwork": "network namespace (and its instance metadata endpoint)",
	"hostPID": "process namespace",
	"hostIPC": "IPC namespace",
}
