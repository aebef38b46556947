# METADATA
# title: Workloads do not mount hostPath volumes
# description: |
#   No pod spec declares a hostPath volume (node filesystem, /dev/nvidia*, the container runtime
#   socket). Platform namespaces in exempt_namespaces (GPU operator, device plugin, DCGM exporter) are
#   skipped. Pod Security Standards: baseline.
# custom:
#   id: K8S-HOSTPATH-VOLUME
#   severity: high
#   controls: ["hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(4)(i)", "hipaa:164.312(a)(1)", "hipaa:164.312(c)(1)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-annex11:12.1"]
#   remediation: "Replace hostPath volumes with a PersistentVolumeClaim, emptyDir, ConfigMap/Secret or CSI volume; GPUs are reached through the NVIDIA device plugin, not by mounting /dev/nvidia*."
#   kinds: [kubernetes]
package evident.checks.kubernetes.hostpath_volume

import rego.v1

import data.evident.lib.kubernetes as k8s

violation contains {"msg": msg, "path": path} if {
	not k8s.is_exempt
	some p in k8s.pod_specs
	some i, v in p.spec.volumes
	is_object(v.hostPath)
	host_path := object.get(v.hostPath, "path", "")
	users := [c.name | some c in k8s.containers; c.pod == p.path; some m in c.container.volumeMounts; m.name == v.name]
	path := sprintf("%s.volumes[%d].hostPath", [p.path, i])
	msg := sprintf("%s: volume %q mounts the node path %q%s%s; use a PersistentVolumeClaim, emptyDir, ConfigMap/Secret or CSI volume instead", [k8s.display, object.get(v, "name", ""), host_path, _risk(host_path), _used_by(users)])
}

_risk(p) := " (the container runtime socket: full control of the node)" if {
	endswith(p, ".sock")
} else := " (host devices: GPUs must go through the device plugin)" if {
	startswith(p, "/dev")
} else := " (the node's root filesystem)" if {
	p == "/"
} else := ""

_used_by(users) := sprintf(", mounted by %s", [concat(", ", [sprintf("%q", [u]) | some u in users])]) if {
	count(users) > 0
} else := ""
