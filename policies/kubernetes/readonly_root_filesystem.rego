# METADATA
# title: Container root filesystems are read-only
# description: |
#   Every container sets securityContext.readOnlyRootFilesystem: true; writes go to declared volumes.
#   Jupyter/Kubeflow notebook images usually need an emptyDir for $HOME and /tmp. Platform namespaces in
#   exempt_namespaces are skipped.
# custom:
#   id: K8S-READONLY-ROOT-FILESYSTEM
#   severity: low
#   controls: ["hipaa:164.308(a)(5)(ii)(B)", "hipaa:164.312(c)(1)", "gxp-part11:11.10(a)"]
#   remediation: "Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir (or a PVC) at the paths the process writes to ($HOME, /tmp, caches)."
#   kinds: [kubernetes]
package evident.checks.kubernetes.readonly_root_filesystem

import rego.v1

import data.evident.lib.kubernetes as k8s

violation contains {"msg": msg, "path": path} if {
	not k8s.is_exempt
	some c in k8s.containers
	not k8s.truthy(c.container.securityContext.readOnlyRootFilesystem)
	path := sprintf("%s.securityContext.readOnlyRootFilesystem", [c.path])
	msg := sprintf("%s: container %q has a writable root filesystem; set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where it writes", [k8s.display, c.name])
}
