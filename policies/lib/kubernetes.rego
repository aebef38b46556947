# METADATA
# title: Kubernetes helpers
# description: |
#   Shared helpers of the evident.checks.kubernetes.* packages: the object whatever the input shape,
#   the pod specs of every pod carrier with their field paths, every container with its path,
#   admission context, namespace classification and organisation settings with safe defaults.
#
#   Input shapes accepted:
#   - the normalised policy input {object, oldObject, operation, userInfo, namespace, dryRun, subResource, source}
#     (DEVELOPERS.md); a bare AdmissionRequest has the same fields and is read the same way;
#   - a raw AdmissionReview ({"kind": "AdmissionReview", "request": {...}});
#   - a raw object ({"apiVersion": ..., "kind": "Pod", ...}), read as a CREATE with no user.
#
#   Configuration: data.evident.config.<key>; every key is optional and defaults as below.
#
#   | key                       | default                                          | meaning |
#   |---------------------------|--------------------------------------------------|---------|
#   | approved_registries       | []                                               | image prefixes that are approved ("registry.example.com/team/"); a leading "*." matches any host ending in the rest ("*.dkr.ecr.eu-west-1.amazonaws.com/"). Docker Hub short names normalise to "docker.io/library/<name>". |
#   | allow_private_ecr         | true                                             | also approve any private ECR registry (<12 digits>.dkr.ecr.<region>.amazonaws.com/); set false to allow only approved_registries |
#   | classification_label      | "data-classification"                            | Namespace label that classifies the data of a namespace |
#   | allowed_classifications   | ["public","internal","confidential","phi","gxp"] | allowed values of that label (K8S-NS-CLASSIFICATION-LABEL); the Terraform/AWS Config checks read the same key for their tags |
#   | phi_classifications       | ["phi"]                                          | label values that mark PHI namespaces |
#   | gxp_classifications       | ["gxp"]                                          | label values that mark GxP namespaces |
#   | phi_namespaces            | []                                               | namespaces treated as PHI whatever their labels (admission has no Namespace labels) |
#   | gxp_namespaces            | []                                               | namespaces treated as GxP whatever their labels |
#   | gxp_system_id_label       | "gxp-system-id"                                  | label GxP namespaces carry to link the system inventory |
#   | exempt_namespaces         | ["kube-system","kube-public","kube-node-lease","gpu-operator","nvidia-gpu-operator","nvidia-device-plugin"] | platform namespaces: pod-hardening, GPU and service-account checks skip their workloads, and they need no classification label |
#   | break_glass_subjects      | [{"kind":"Group","name":"system:masters"}]       | RBAC subjects that may hold cluster-admin ({kind, name[, namespace]}) |
#   | break_glass_groups        | []                                               | groups that may exec/attach/port-forward into PHI/GxP pods |
#   | break_glass_users         | []                                               | users that may exec/attach/port-forward into PHI/GxP pods |
#   | required_gxp_labels       | ["app.kubernetes.io/name","app.kubernetes.io/version","gxp.validation/change-id"] | labels every GxP workload carries |
#   | gpu_allowed_namespaces    | []                                               | namespaces where GPUs may be requested |
#   | gpu_allowed_label         | "gpu-allowed"                                    | Namespace label; value "true" allows GPUs in the namespace |
#   | gpu_resource_prefixes     | ["nvidia.com/gpu","nvidia.com/mig-"]             | extended resources that are GPUs |
#   | allowed_capabilities      | ["NET_BIND_SERVICE"]                             | capabilities a container may add |
#   | rbac_approved_roles       | ["cluster-admin"]                                | Roles/ClusterRoles allowed wildcards and Secret/exec access (names starting "system:" are always skipped) |
#   | secret_env_name_pattern   | the regex of the rule of that name below         | env var names whose literal value is a credential (*_PASSWORD, *_TOKEN, *_SECRET, *_API_KEY, *_ACCESS_KEY ...) |
#   | ebs_encryption_by_default | false                                            | set true once account-level EBS encryption by default with a CMK is proven: StorageClasses then need no encrypted/kmsKeyId parameters |
#   | alb_ssl_policy_pattern    | the regex of the rule of that name below         | ALB ssl-policy names that enforce TLS 1.2+ (ELBSecurityPolicy-TLS13-1-2/1-3, -TLS-1-2, -FS-1-2 families) |
package evident.lib.kubernetes

import rego.v1

# ---------------------------------------------------------------------------------------------
# Configuration

default config := {}

config := c if {
	c := data.evident.config
	is_object(c)
}

setting(key, def) := object.get(config, key, def)

approved_registries := setting("approved_registries", [])

allow_private_ecr := setting("allow_private_ecr", true)

classification_label := setting("classification_label", "data-classification")

allowed_classifications := {v | some v in setting("allowed_classifications", ["public", "internal", "confidential", "phi", "gxp"])}

phi_classifications := {v | some v in setting("phi_classifications", ["phi"])}

gxp_classifications := {v | some v in setting("gxp_classifications", ["gxp"])}

phi_namespaces := {v | some v in setting("phi_namespaces", [])}

gxp_namespaces := {v | some v in setting("gxp_namespaces", [])}

gxp_system_id_label := setting("gxp_system_id_label", "gxp-system-id")

exempt_namespaces := {v | some v in setting("exempt_namespaces", [
	"kube-system", "kube-public", "kube-node-lease",
	"gpu-operator", "nvidia-gpu-operator", "nvidia-device-plugin",
])}

break_glass_subjects := setting("break_glass_subjects", [{"kind": "Group", "name": "system:masters"}])

break_glass_groups := {v | some v in setting("break_glass_groups", [])}

break_glass_users := {v | some v in setting("break_glass_users", [])}

required_gxp_labels := setting("required_gxp_labels", ["app.kubernetes.io/name", "app.kubernetes.io/version", "gxp.validation/change-id"])

gpu_allowed_namespaces := {v | some v in setting("gpu_allowed_namespaces", [])}

gpu_allowed_label := setting("gpu_allowed_label", "gpu-allowed")

gpu_resource_prefixes := setting("gpu_resource_prefixes", ["nvidia.com/gpu", "nvidia.com/mig-"])

allowed_capabilities := {upper(v) | some v in setting("allowed_capabilities", ["NET_BIND_SERVICE"])}

rbac_approved_roles := {v | some v in setting("rbac_approved_roles", ["cluster-admin"])}

secret_env_name_pattern := setting("secret_env_name_pattern", `(?i)(^|_)(PASSWORD|PASSWD|PWD|SECRET|TOKEN|API_?KEY|ACCESS_KEY|SECRET_ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?)$`)

ebs_encryption_by_default := setting("ebs_encryption_by_default", false)

alb_ssl_policy_pattern := setting("alb_ssl_policy_pattern", `^ELBSecurityPolicy-(TLS13-1-[23]|TLS-1-2|FS-1-2)`)

# ---------------------------------------------------------------------------------------------
# Input shape and admission context

# A raw AdmissionReview.
_review if {
	input.kind == "AdmissionReview"
	is_object(input.request)
}

# A raw object (its kind is a string; an AdmissionRequest's kind is an object).
_raw if {
	is_string(input.kind)
	input.kind != "AdmissionReview"
}

# The admission request: the normalised input and a bare AdmissionRequest read alike.
request := input.request if _review

request := input if {
	not _review
	not _raw
	is_object(input)
}

default operation := "CREATE"

operation := upper(request.operation) if is_string(request.operation)

# The object admitted (null on DELETE); the input itself when it is a raw object.
obj := request.object if is_object(request.object)

obj := input if _raw

old_obj := request.oldObject if is_object(request.oldObject)

default user_info := {}

user_info := request.userInfo if is_object(request.userInfo)

default username := ""

username := user_info.username if is_string(user_info.username)

groups := {g | some g in object.get(user_info, "groups", [])}

default sub_resource := ""

sub_resource := request.subResource if is_string(request.subResource)

default dry_run := false

dry_run := request.dryRun if is_boolean(request.dryRun)

# The kind the request is about (CONNECT requests carry PodExecOptions & co. as their object).
request_kind := request.kind.kind if is_object(request.kind)

request_kind := obj.kind if {
	not is_object(request.kind)
	is_string(obj.kind)
}

is_create if operation == "CREATE"

is_update if operation == "UPDATE"

is_delete if operation == "DELETE"

is_connect if operation == "CONNECT"

# The object the checks judge: created or updated objects only (not deletions, CONNECT options or
# status updates).
subject := obj if {
	operation in {"CREATE", "UPDATE"}
	sub_resource != "status"
}

# ---------------------------------------------------------------------------------------------
# Identity of the object

_any_object := obj

_any_object := old_obj if not obj

default kind := ""

kind := _any_object.kind if is_string(_any_object.kind)

default name := "<unnamed>"

name := _any_object.metadata.name if is_string(_any_object.metadata.name)

name := sprintf("%s<generated>", [_any_object.metadata.generateName]) if {
	not is_string(_any_object.metadata.name)
	is_string(_any_object.metadata.generateName)
}

# The object's namespace: the request's, else the manifest's; a Namespace's own name.
default namespace := ""

namespace := _any_object.metadata.name if {
	kind == "Namespace"
	is_string(_any_object.metadata.name)
}

namespace := request.namespace if {
	kind != "Namespace"
	is_string(request.namespace)
	request.namespace != ""
}

namespace := _any_object.metadata.namespace if {
	kind != "Namespace"
	not _request_namespace
	is_string(_any_object.metadata.namespace)
}

_request_namespace if {
	is_string(request.namespace)
	request.namespace != ""
}

# `Deployment "web" in namespace "prod"`, for messages.
display := sprintf("%s %q in namespace %q", [kind, name, namespace]) if {
	namespace != ""
	kind != "Namespace"
} else := sprintf("%s %q", [kind, name])

default labels := {}

labels := _any_object.metadata.labels if is_object(_any_object.metadata.labels)

default annotations := {}

annotations := _any_object.metadata.annotations if is_object(_any_object.metadata.annotations)

# ---------------------------------------------------------------------------------------------
# Namespace classification

# Labels of the object's namespace: a Namespace's own; otherwise the Namespace in data.inventory
# (scan mode, or a webhook with a cached inventory).
default namespace_labels := {}

namespace_labels := labels if kind == "Namespace"

namespace_labels := l if {
	kind != "Namespace"
	l := data.inventory.cluster.v1.Namespace[namespace].metadata.labels
	is_object(l)
}

default classification := ""

classification := lower(v) if {
	v := namespace_labels[classification_label]
	is_string(v)
}

is_phi if classification in phi_classifications

is_phi if namespace in phi_namespaces

is_gxp if classification in gxp_classifications

is_gxp if namespace in gxp_namespaces

# PHI or GxP: the namespaces the stricter rules apply to.
is_regulated if is_phi

is_regulated if is_gxp

is_exempt if namespace in exempt_namespaces

# ---------------------------------------------------------------------------------------------
# Pod specs of every carrier

_template_kinds := {
	"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "ReplicationController",
	"Notebook", # Kubeflow kubeflow.org/v1
}

_replica_fields := {
	"PyTorchJob": "pytorchReplicaSpecs",
	"TFJob": "tfReplicaSpecs",
	"MPIJob": "mpiReplicaSpecs",
}

# KServe InferenceService components whose pod-spec fields are inline.
_kserve_components := ["predictor", "transformer", "explainer"]

# KServe model-format blocks: each is one container (v1.Container fields inline).
_kserve_container_fields := {
	"model", "sklearn", "xgboost", "tensorflow", "pytorch", "triton", "onnx", "pmml",
	"lightgbm", "paddle", "huggingface", "alibi", "art",
}

default _subject_metadata := {}

_subject_metadata := subject.metadata if is_object(subject.metadata)

# Every pod spec of the subject: {"path": field path, "spec": the pod spec, "metadata": the
# metadata its Pods get (the Pod's own or the template's)}.
pod_specs contains {"path": "spec", "spec": subject.spec, "metadata": _subject_metadata} if {
	subject.kind == "Pod"
	is_object(subject.spec)
}

pod_specs contains {"path": "spec.template.spec", "spec": t.spec, "metadata": object.get(t, "metadata", {})} if {
	subject.kind in _template_kinds
	t := subject.spec.template
	is_object(t.spec)
}

pod_specs contains {"path": "spec.jobTemplate.spec.template.spec", "spec": t.spec, "metadata": object.get(t, "metadata", {})} if {
	subject.kind == "CronJob"
	t := subject.spec.jobTemplate.spec.template
	is_object(t.spec)
}

pod_specs contains {"path": sprintf("spec.%s.%s.template.spec", [field, role]), "spec": t.spec, "metadata": object.get(t, "metadata", {})} if {
	field := _replica_fields[subject.kind]
	some role, replica in subject.spec[field]
	t := replica.template
	is_object(t.spec)
}

pod_specs contains {"path": "spec.headGroupSpec.template.spec", "spec": t.spec, "metadata": object.get(t, "metadata", {})} if {
	subject.kind == "RayCluster"
	t := subject.spec.headGroupSpec.template
	is_object(t.spec)
}

pod_specs contains {"path": sprintf("spec.workerGroupSpecs[%d].template.spec", [i]), "spec": t.spec, "metadata": object.get(t, "metadata", {})} if {
	subject.kind == "RayCluster"
	some i, group in subject.spec.workerGroupSpecs
	t := group.template
	is_object(t.spec)
}

pod_specs contains {"path": sprintf("spec.%s", [component]), "spec": s, "metadata": _subject_metadata} if {
	subject.kind == "InferenceService"
	some component in _kserve_components
	s := subject.spec[component]
	is_object(s)
}

# The pod spec at a path.
pod_spec_at[p.path] := p.spec if some p in pod_specs

# Every container: {"path", "container", "name", "pod" (path of its pod spec), "type"}.
# type is "containers", "initContainers", "ephemeralContainers" or "model" (KServe format block).
containers contains {"path": path, "container": c, "name": _container_name(c), "pod": p.path, "type": type} if {
	some p in pod_specs
	some type in ["containers", "initContainers", "ephemeralContainers"]
	some i, c in p.spec[type]
	is_object(c)
	path := sprintf("%s.%s[%d]", [p.path, type, i])
}

containers contains {"path": path, "container": c, "name": _container_name(c), "pod": p.path, "type": "model"} if {
	subject.kind == "InferenceService"
	some p in pod_specs
	some field, c in p.spec
	field in _kserve_container_fields
	is_object(c)
	path := sprintf("%s.%s", [p.path, field])
}

_container_name(c) := c.name if is_string(c.name)

_container_name(c) := "<unnamed>" if not is_string(c.name)

# ---------------------------------------------------------------------------------------------
# Values

# Booleans as Kubernetes writes them: true, or the strings "true"/"True" (annotations, CSI
# parameters, manifests that quote their booleans).
truthy(v) if v == true

truthy(v) if {
	is_string(v)
	lower(v) == "true"
}

falsy(v) if v == false

falsy(v) if {
	is_string(v)
	lower(v) == "false"
}

# A label path usable in violation paths: metadata.labels["app.kubernetes.io/name"].
label_path(prefix, key) := sprintf("%s[%q]", [prefix, key])

# Resources that are GPUs (nvidia.com/gpu, nvidia.com/mig-1g.10gb ...).
is_gpu_resource(r) if {
	some prefix in gpu_resource_prefixes
	startswith(r, prefix)
}

# GPU resources a container requests or limits.
gpu_resources(c) := {r |
	some section in ["limits", "requests"]
	some r, _ in c.resources[section]
	is_gpu_resource(r)
}

requests_gpu(c) if count(gpu_resources(c)) > 0

# The registry-qualified image name: "nginx" -> "docker.io/library/nginx".
normalised_image(image) := concat("/", ["docker.io", "library", image]) if {
	not contains(image, "/")
}

normalised_image(image) := image if {
	contains(image, "/")
	_explicit_host(split(image, "/")[0])
}

normalised_image(image) := concat("/", ["docker.io", image]) if {
	contains(image, "/")
	not _explicit_host(split(image, "/")[0])
}

_explicit_host(h) if contains(h, ".")

_explicit_host(h) if contains(h, ":")

_explicit_host("localhost")

# Whether an image comes from an approved registry.
approved_image(image) if {
	img := normalised_image(image)
	some entry in approved_registries
	_registry_match(img, entry)
}

approved_image(image) if {
	allow_private_ecr == true
	img := normalised_image(image)
	contains(img, ".dkr.ecr") # what the pattern requires, checked first: regex.match is a host call
	regex.match(`^[0-9]{12}\.dkr\.ecr(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?/`, img)
}

_registry_match(img, entry) if {
	not startswith(entry, "*.")
	startswith(img, entry)
}

_registry_match(img, entry) if {
	startswith(entry, "*.")
	rest := substring(entry, 1, -1) # ".host.suffix/optional/path/"
	host_suffix := split(rest, "/")[0]
	path_prefix := substring(rest, count(host_suffix), -1)
	img_host := split(img, "/")[0]
	endswith(img_host, host_suffix)
	startswith(substring(img, count(img_host), -1), path_prefix)
}

# Whether an RBAC subject is in an allowlist of {kind, name[, namespace]}.
subject_allowed(s, allowlist) if {
	some a in allowlist
	a.kind == s.kind
	a.name == s.name
	object.get(a, "namespace", object.get(s, "namespace", "")) == object.get(s, "namespace", "")
}

# Roles the RBAC checks skip: system roles and the approved list.
rbac_role_skipped(role_name) if startswith(role_name, "system:")

rbac_role_skipped(role_name) if role_name in rbac_approved_roles
