# METADATA
# title: StorageClasses provision encrypted volumes with a customer-managed key
# description: |
#   EBS StorageClasses (ebs.csi.aws.com, in-tree kubernetes.io/aws-ebs) set parameters.encrypted "true"
#   and a kmsKeyId (customer-managed key), unless ebs_encryption_by_default says account-level EBS
#   encryption with a CMK is proven on. In scan mode a PersistentVolumeClaim whose StorageClass (named, or
#   the default class) is in the inventory and not encrypted is reported too. EFS/FSx encryption is checked
#   on the AWS side.
# custom:
#   id: K8S-STORAGECLASS-ENCRYPTED
#   severity: high
#   controls: ["hipaa:164.312(a)(2)(iv)", "gxp-part11:11.10(c)", "gxp-part11:11.30", "gxp-annex11:7.1"]
#   remediation: "Set parameters.encrypted: \"true\" and parameters.kmsKeyId to the ARN of a customer-managed KMS key on the StorageClass (StorageClass parameters are immutable: create a new class and migrate the PVCs), or enable EBS encryption by default with a CMK in every region."
#   kinds: [kubernetes]
package evident.checks.kubernetes.storageclass_encrypted

import rego.v1

import data.evident.lib.kubernetes as k8s

violation contains {"msg": msg, "path": path} if {
	k8s.subject.kind == "StorageClass"
	some problem, path in unencrypted(k8s.subject)
	msg := sprintf("%s provisions EBS volumes %s; set parameters.encrypted: \"true\" and parameters.kmsKeyId to a customer-managed KMS key", [k8s.display, problem])
}

violation contains {"msg": msg, "path": "spec.storageClassName"} if {
	k8s.subject.kind == "PersistentVolumeClaim"
	some sc_name, sc in _storage_class
	some problem, _ in unencrypted(sc)
	msg := sprintf("%s uses StorageClass %q, which provisions EBS volumes %s; use a StorageClass with encrypted: \"true\" and a customer-managed kmsKeyId", [k8s.display, sc_name, problem])
}

_ebs_provisioners := {"ebs.csi.aws.com", "kubernetes.io/aws-ebs"}

# Problems of an EBS StorageClass: {description: path}.
unencrypted(sc) := {problem: path |
	sc.provisioner in _ebs_provisioners
	not k8s.ebs_encryption_by_default == true
	some problem, path in _problems(object.get(sc, "parameters", {}))
}

_problems(params) := {"without encryption (parameters.encrypted is not \"true\")": "parameters.encrypted"} if {
	not k8s.truthy(params.encrypted)
} else := {"with the AWS-managed key (no parameters.kmsKeyId)": "parameters.kmsKeyId"} if {
	object.get(params, "kmsKeyId", "") == ""
} else := {}

_storage_classes[name] := sc if {
	some _, kinds in data.inventory.cluster
	some name, sc in kinds.StorageClass
}

_storage_class[name] := sc if {
	name := k8s.subject.spec.storageClassName
	is_string(name)
	name != ""
	sc := _storage_classes[name]
}

_storage_class[name] := sc if {
	not "storageClassName" in object.keys(k8s.subject.spec)
	some name, sc in _storage_classes
	k8s.truthy(sc.metadata.annotations["storageclass.kubernetes.io/is-default-class"])
}
