# METADATA
# title: Containers declare resource requests and limits; GPUs are bounded and placed
# description: |
#   Every container (ephemeral containers cannot have resources) declares requests.cpu,
#   requests.memory and limits.memory (a namespace LimitRange may default them; declare them anyway so the
#   manifest is reviewable). A container that requests GPUs (gpu_resource_prefixes: nvidia.com/gpu,
#   nvidia.com/mig-*) sets the limit, with requests equal to limits, and runs only in a GPU-allowed
#   namespace (gpu_allowed_namespaces, or a Namespace labelled gpu_allowed_label: "true").
# custom:
#   id: K8S-RESOURCE-LIMITS
#   severity: medium
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "gxp-annex11:1"]
#   remediation: "Declare resources.requests.cpu, resources.requests.memory and resources.limits.memory on every container; for GPUs set resources.limits[\"nvidia.com/gpu\"] (requests, if set, equal to it) and deploy only to a GPU-allowed namespace with a ResourceQuota on requests.nvidia.com/gpu."
#   kinds: [kubernetes]
package evident.checks.kubernetes.resource_limits

import rego.v1

import data.evident.lib.kubernetes as k8s

violation contains {"msg": msg, "path": path} if {
	some c in k8s.containers
	c.type != "ephemeralContainers"
	some field in [["requests", "cpu"], ["requests", "memory"], ["limits", "memory"]]
	object.get(c.container, array.concat(["resources"], field), null) == null
	path := sprintf("%s.resources.%s.%s", [c.path, field[0], field[1]])
	msg := sprintf("%s: container %q does not declare resources.%s.%s; set it", [k8s.display, c.name, field[0], field[1]])
}

violation contains {"msg": msg, "path": path} if {
	some c in k8s.containers
	some r in k8s.gpu_resources(c.container)
	object.get(c.container.resources, ["limits", r], null) == null
	path := sprintf("%s.resources.limits[%q]", [c.path, r])
	msg := sprintf("%s: container %q requests %s without a limit; set resources.limits[%q] (GPUs cannot be overcommitted)", [k8s.display, c.name, r, r])
}

violation contains {"msg": msg, "path": path} if {
	some c in k8s.containers
	some r in k8s.gpu_resources(c.container)
	req := c.container.resources.requests[r]
	lim := c.container.resources.limits[r]
	format_value(req) != format_value(lim)
	path := sprintf("%s.resources.requests[%q]", [c.path, r])
	msg := sprintf("%s: container %q requests %v of %s but its limit is %v; make requests equal to limits", [k8s.display, c.name, req, r, lim])
}

violation contains {"msg": msg, "path": path} if {
	not k8s.is_exempt
	not _gpu_allowed
	some c in k8s.containers
	k8s.requests_gpu(c.container)
	path := sprintf("%s.resources.limits", [c.path])
	msg := sprintf("%s: container %q requests GPUs (%s) but namespace %q is not GPU-allowed; deploy to a GPU-allowed namespace (gpu_allowed_namespaces, or label the Namespace %s: \"true\" with a ResourceQuota)", [k8s.display, c.name, concat(", ", sort(k8s.gpu_resources(c.container))), k8s.namespace, k8s.gpu_allowed_label])
}

format_value(v) := sprintf("%v", [v])

_gpu_allowed if k8s.namespace in k8s.gpu_allowed_namespaces

_gpu_allowed if k8s.truthy(k8s.namespace_labels[k8s.gpu_allowed_label])
