# METADATA
# title: Terraform plan helpers
# description: |
#   Shared helpers of the Terraform checks (policies/terraform/**): the plan whatever the input shape,
#   managed resources indexed once by type and by address, `after` values, unknown-after-apply values,
#   resources being deleted, the join of split resources (AWS provider v4+ S3 companions and the other
#   parent/child pairs of the catalog) through input.references, tags and classification, and the
#   organisation settings read from data.evident.config.
#
#   Organisation settings (data.evident.config.<key>; override with `--data file.yaml|json`).
#   Every key is optional; the default applies when it is absent. The AWS Config checks read the same
#   keys through this package.
#
#   | key                              | default                                              | used by |
#   |----------------------------------|------------------------------------------------------|---------|
#   | classification_tag               | classification_label, else "data-classification"     | the tag (tags_all) that classifies a resource's data |
#   | phi_classifications              | ["phi"]                                              | classifications that mark PHI (same key as the Kubernetes checks) |
#   | gxp_classifications              | ["gxp"]                                              | classifications that mark GxP data (same key as the Kubernetes checks) |
#   | regulated_classifications        | phi_classifications + gxp_classifications            | which classifications hold regulated data (overrides the two above) |
#   | allowed_classifications          | ["public", "internal", "confidential", "phi", "gxp"] | TF-REGULATED-TAGS |
#   | treat_unclassified_as_regulated  | true                                                 | an untagged data store counts as regulated (fail safe) |
#   | gxp_record_tag                   | "gxp-record"                                         | TF-S3-OBJECT-LOCK, CFG-S3-OBJECT-LOCK selector ("true") |
#   | required_tags                    | ["data-classification"]                              | TF-REGULATED-TAGS (every data-bearing resource) |
#   | gxp_required_tags                | ["gxp-system-id"]                                    | TF-REGULATED-TAGS (resources classified gxp) |
#   | min_log_retention_days           | 365                                                  | TF-CW-LOG-RETENTION |
#   | min_rds_backup_retention_days    | 7                                                    | TF-RDS-BACKUP-RETENTION, CFG-RDS-NOT-PUBLIC |
#   | min_backup_retention_days        | 35                                                   | TF-BACKUP-VAULT-LOCK (plan rules, vault lock) |
#   | max_secret_rotation_days         | 90                                                   | TF-SECRETS-ROTATION |
#   | min_kms_deletion_window_days     | 30                                                   | TF-KMS-KEY-DESTROY |
#   | approved_kms_keys                | [] (any customer-managed key)                        | KMS-key checks: when non-empty, a known key ARN/id/alias must be listed (keys created in the plan always pass) |
#   | allowed_cidrs                    | [] (none)                                            | TF-EKS-ENDPOINT-PRIVATE, CFG-EKS-ENDPOINT-PRIVATE: public endpoint CIDRs must be inside these |
#   | admin_ports                      | [22, 3389, 5432, 3306, 1433, 6443, 8888]             | security-group checks |
#   | min_password_length              | 14                                                   | TF-IAM-PASSWORD-POLICY |
#   | password_reuse_prevention        | 24                                                   | TF-IAM-PASSWORD-POLICY |
#   | max_password_age_days            | 90                                                   | TF-IAM-PASSWORD-POLICY |
#   | break_glass_principals           | []                                                   | TF-IAM-NO-ADMIN-POLICY: role/user/group names allowed to hold admin (exact names) |
#   | network_policy_engines           | ["calico", "cilium", "tigera-operator"]              | TF-EKS-NETWORK-POLICY-ENFORCED: helm_release charts accepted as engine |
#   | account_public_access_block      | false                                                | TF-/CFG-S3-PUBLIC-ACCESS-BLOCK: true when the account-level block is known to be fully on (managed outside the plan) |
package evident.lib.terraform

# ---------------------------------------------------------------------------------------------
# Organisation settings

default classification_tag := "data-classification"

classification_tag := data.evident.config.classification_tag

classification_tag := t if {
	not data.evident.config.classification_tag
	t := data.evident.config.classification_label
}

default phi_classifications := {"phi"}

phi_classifications := {lower(c) | some c in l} if l := data.evident.config.phi_classifications

default gxp_classifications := {"gxp"}

gxp_classifications := {lower(c) | some c in l} if l := data.evident.config.gxp_classifications

default regulated_classifications := {"phi", "gxp"}

regulated_classifications := {lower(c) | some c in l} if l := data.evident.config.regulated_classifications

regulated_classifications := phi_classifications | gxp_classifications if not data.evident.config.regulated_classifications

default allowed_classifications := {"public", "internal", "confidential", "phi", "gxp"}

allowed_classifications := {lower(c) | some c in l} if l := data.evident.config.allowed_classifications

default treat_unclassified_as_regulated := true

treat_unclassified_as_regulated := data.evident.config.treat_unclassified_as_regulated

default gxp_record_tag := "gxp-record"

gxp_record_tag := data.evident.config.gxp_record_tag

default required_tags := ["data-classification"]

required_tags := data.evident.config.required_tags

default gxp_required_tags := ["gxp-system-id"]

gxp_required_tags := data.evident.config.gxp_required_tags

default min_log_retention_days := 365

min_log_retention_days := data.evident.config.min_log_retention_days

default min_rds_backup_retention_days := 7

min_rds_backup_retention_days := data.evident.config.min_rds_backup_retention_days

default min_backup_retention_days := 35

min_backup_retention_days := data.evident.config.min_backup_retention_days

default max_secret_rotation_days := 90

max_secret_rotation_days := data.evident.config.max_secret_rotation_days

default min_kms_deletion_window_days := 30

min_kms_deletion_window_days := data.evident.config.min_kms_deletion_window_days

default approved_kms_keys := set()

approved_kms_keys := {k | some k in l} if l := data.evident.config.approved_kms_keys

default allowed_cidrs := set()

allowed_cidrs := {c | some c in l} if l := data.evident.config.allowed_cidrs

default admin_ports := [22, 3389, 5432, 3306, 1433, 6443, 8888]

admin_ports := data.evident.config.admin_ports

default min_password_length := 14

min_password_length := data.evident.config.min_password_length

default password_reuse_prevention := 24

password_reuse_prevention := data.evident.config.password_reuse_prevention

default max_password_age_days := 90

max_password_age_days := data.evident.config.max_password_age_days

default break_glass_principals := set()

break_glass_principals := {p | some p in l} if l := data.evident.config.break_glass_principals

default network_policy_engines := {"calico", "cilium", "tigera-operator"}

network_policy_engines := {e | some e in l} if l := data.evident.config.network_policy_engines

default account_public_access_block := false

account_public_access_block := data.evident.config.account_public_access_block

# ---------------------------------------------------------------------------------------------
# The plan, whatever the input shape: our normalised {plan, references}, or the raw
# `terraform show -json` document itself.

plan := input.plan if is_object(input.plan)

plan := input if {
	not is_object(input.plan)
	is_array(input.resource_changes)
}

# Resolved configuration references by address (DEVELOPERS.md, "The policy input"); {} for a raw plan.
default references := {}

references := input.references if {
	is_object(input.plan)
	is_object(input.references)
}

# ---------------------------------------------------------------------------------------------
# Indexes, computed once per evaluation (rules without arguments are memoized).

# Every resource_changes entry (managed and data) by address.
changes[rc.address] := rc if {
	some rc in plan.resource_changes
}

# Addresses of the managed resources that exist after apply (created, updated, replaced, unchanged),
# by type. Resources only being destroyed (or forgotten: removed from state, after = null) are left
# out: checks judge what the plan leaves behind.
by_type[rc.type] contains rc.address if {
	some rc in plan.resource_changes
	managed(rc)
	not deleted_only(rc)
	is_object(rc.change.after)
}

# Addresses of the managed resources the plan destroys (delete, or replace), by type.
deleted_by_type[rc.type] contains rc.address if {
	some rc in plan.resource_changes
	managed(rc)
	"delete" in rc.change.actions
}

managed(rc) if rc.mode == "managed"

managed(rc) if not rc.mode

deleted_only(rc) if rc.change.actions == ["delete"]

# The resource at `addr` is destroyed (delete, or replace) by the plan.
deleting(addr) if "delete" in changes[addr].change.actions

# The resource at `addr` is replaced (delete + create in either order).
replacing(addr) if {
	acts := changes[addr].change.actions
	"delete" in acts
	"create" in acts
}

# ---------------------------------------------------------------------------------------------
# after values

# The planned values of the resource (null/absent attributes stay absent).
after(addr) := changes[addr].change.after

# The value at `path` (an array of keys/indexes) in after; undefined when absent or null.
value(addr, path) := v if {
	v := object.get(changes[addr].change.after, path, null)
	v != null
}

# The value at `path` is unknown until apply (after_unknown marks it or one of its parents).
unknown(addr, path) if {
	au := changes[addr].change.after_unknown
	is_object(au)
	some n in numbers.range(1, count(path))
	object.get(au, array.slice(path, 0, n), false) == true
}

# The value at exactly `path` is unknown until apply (a parent block unknown as a whole does not count:
# that is how an unset Optional+Computed block looks).
unknown_exact(addr, path) if object.get(changes[addr].change.after_unknown, path, false) == true

# The value at `path` is known (not unknown) and absent or null.
absent(addr, path) if {
	not unknown(addr, path)
	object.get(changes[addr].change.after, path, null) == null
}

# Booleans as the provider and humans write them: true, "true", "True", "TRUE".
is_true(v) if v == true

is_true(v) if {
	is_string(v)
	lower(trim_space(v)) == "true"
}

is_false(v) if v == false

is_false(v) if {
	is_string(v)
	lower(trim_space(v)) == "false"
}

# "Enabled"/"ENABLED"/"enabled" (and true).
is_enabled(v) if is_true(v)

is_enabled(v) if {
	is_string(v)
	lower(trim_space(v)) == "enabled"
}

# A non-empty string.
non_empty(v) if {
	is_string(v)
	trim_space(v) != ""
}

# Renders a path array as an attribute path: ["after", "rule", 0, "x"] -> after.rule[0].x
path_string(path) := concat("", [seg |
	some i, p in path
	seg := path_segment(i, p)
])

path_segment(_, p) := sprintf("[%d]", [p]) if is_number(p)

path_segment(i, p) := p if {
	is_string(p)
	i == 0
}

path_segment(i, p) := sprintf(".%s", [p]) if {
	is_string(p)
	i > 0
}

# ---------------------------------------------------------------------------------------------
# Joins of companion resources to their parent through input.references (by address), falling back to
# known names (after.bucket == the bucket's after.bucket / after.id ...).

s3_companion_types := {
	"aws_s3_bucket_server_side_encryption_configuration",
	"aws_s3_bucket_versioning",
	"aws_s3_bucket_public_access_block",
	"aws_s3_bucket_policy",
	"aws_s3_bucket_acl",
	"aws_s3_bucket_ownership_controls",
	"aws_s3_bucket_logging",
	"aws_s3_bucket_lifecycle_configuration",
	"aws_s3_bucket_replication_configuration",
	"aws_s3_bucket_object_lock_configuration",
}

# companion type -> the attribute that names its parent, and the parent types it can join.
join_specs[t] := {"attr": "bucket", "parents": {"aws_s3_bucket"}} if some t in s3_companion_types

join_specs["aws_flow_log"] := {"attr": "vpc_id", "parents": {"aws_vpc"}}

join_specs["aws_secretsmanager_secret_rotation"] := {"attr": "secret_id", "parents": {"aws_secretsmanager_secret"}}

join_specs["aws_eks_addon"] := {"attr": "cluster_name", "parents": {"aws_eks_cluster"}}

join_specs["aws_backup_vault_lock_configuration"] := {"attr": "backup_vault_name", "parents": {"aws_backup_vault"}}

join_specs["aws_guardduty_detector_feature"] := {"attr": "detector_id", "parents": {"aws_guardduty_detector"}}

join_specs["aws_efs_backup_policy"] := {"attr": "file_system_id", "parents": {"aws_efs_file_system"}}

# parent type -> the after attributes a companion may name it by.
parent_name_attrs := {
	"aws_s3_bucket": ["bucket", "id"],
	"aws_vpc": ["id"],
	"aws_secretsmanager_secret": ["id", "arn", "name"],
	"aws_eks_cluster": ["name", "id"],
	"aws_backup_vault": ["name", "id"],
	"aws_guardduty_detector": ["id"],
	"aws_efs_file_system": ["id"],
}

# [parent type, known name] -> parent addresses.
parents_by_name[[ptype, name]] contains addr if {
	some ptype, attrs in parent_name_attrs
	some addr in by_type[ptype]
	some a in attrs
	name := changes[addr].change.after[a]
	non_empty(name)
}

# companion address -> parent addresses it joins (through references, or through a known name).
companion_parents[caddr] contains paddr if {
	some ctype, spec in join_specs
	some caddr in by_type[ctype]
	some paddr in references[caddr][spec.attr]
	ptype := changes[paddr].type
	ptype in spec.parents
	paddr in by_type[ptype]
}

companion_parents[caddr] contains paddr if {
	some ctype, spec in join_specs
	some caddr in by_type[ctype]
	name := changes[caddr].change.after[spec.attr]
	non_empty(name)
	some ptype in spec.parents
	some paddr in parents_by_name[[ptype, name]]
}

# [parent address, companion type] -> companion addresses.
companions[[paddr, changes[caddr].type]] contains caddr if {
	some caddr, ps in companion_parents
	some paddr in ps
}

# Companions (by type) that join no parent of the plan: their parent is unknown until apply and no
# reference resolves it, or it lives outside the plan.
unresolved[ctype] contains caddr if {
	some ctype, _ in join_specs
	some caddr in by_type[ctype]
	not companion_parents[caddr]
}

# " (2 aws_s3_bucket_versioning could not be joined to a parent: a, b)" or "".
default unresolved_note(_) := ""

unresolved_note(ctype) := sprintf(" (%d %s could not be joined to its parent and may belong to it: %s)", [count(u), ctype, concat(", ", sort(u))]) if {
	u := unresolved[ctype]
}

# ---------------------------------------------------------------------------------------------
# KMS keys

# A key reference that is AWS-managed (alias/aws/...), or a key id/ARN known to be AWS managed.
aws_managed_key(k) if {
	is_string(k)
	contains(k, "alias/aws/")
}

# The KMS key at `path` of `addr` is a customer-managed key: a known, non-AWS-managed value (and
# listed in approved_kms_keys when that list is set), or unknown until apply (created in this plan /
# built from references), or resolved through references to a customer key or alias of the plan.
customer_key(addr, path) if {
	k := value(addr, path)
	non_empty(k)
	not aws_managed_key(k)
	approved_key(k)
}

customer_key(addr, path) if unknown(addr, path)

customer_key(addr, path) if {
	not aws_managed_key(value(addr, path))
	some ref in references[addr][path_string(path)]
	kms_key_resource(changes[ref])
}

kms_key_resource(rc) if rc.type in {"aws_kms_key", "aws_kms_replica_key", "aws_kms_external_key"}

kms_key_resource(rc) if {
	rc.type == "aws_kms_alias"
	managed(rc)
}

approved_key(_) if count(approved_kms_keys) == 0

approved_key(k) if k in approved_kms_keys

# ---------------------------------------------------------------------------------------------
# Tags and classification

# The resource's effective tags: tags_all (provider default_tags included) when known, else tags.
tags(addr) := t if {
	t := changes[addr].change.after.tags_all
	is_object(t)
}

tags(addr) := t if {
	not is_object(changes[addr].change.after.tags_all)
	t := changes[addr].change.after.tags
	is_object(t)
}

default tags(_) := {}

# The resource's data classification (lower case), when tagged.
classification(addr) := lower(c) if {
	c := tags(addr)[classification_tag]
	non_empty(c)
}

# The resource is tagged with a regulated classification (phi, gxp).
classified_regulated(addr) if classification(addr) in regulated_classifications

# The resource holds (or may hold) regulated data: classified phi/gxp, or unclassified while
# treat_unclassified_as_regulated is on.
regulated(addr) if classified_regulated(addr)

regulated(addr) if {
	not classification(addr)
	treat_unclassified_as_regulated == true
}

# The resource is a GxP record store (tag gxp-record = true / "true" / "yes").
gxp_record(addr) if is_true(tags(addr)[gxp_record_tag])

gxp_record(addr) if lower(tags(addr)[gxp_record_tag]) == "yes"

# ---------------------------------------------------------------------------------------------
# IAM policy documents (JSON strings in after.policy)

# The statements of a policy document given as a JSON string or an object.
statements(doc) := s if {
	is_string(doc)
	d := json.unmarshal(doc)
	s := as_array(d.Statement)
}

statements(doc) := as_array(doc.Statement) if is_object(doc)

as_array(x) := x if is_array(x)

as_array(x) := [x] if not is_array(x)

# A policy value (Action, Resource, Principal.AWS ...) includes `v`.
includes(x, v) if x == v

includes(x, v) if {
	is_array(x)
	v in x
}

# The principal is everyone: "*", {"AWS": "*"} or {"AWS": [..., "*"]}.
principal_all(p) if p == "*"

principal_all(p) if includes(p.AWS, "*")

# Condition keys that tie a statement with Principal "*" to the organisation, an account, a VPC or a
# source resource, so it does not grant access to everyone.
restricting_condition_keys := {
	"aws:principalorgid", "aws:principalorgpaths", "aws:principalaccount", "aws:sourceaccount",
	"aws:sourceowner", "aws:sourcevpce", "aws:sourcevpc", "aws:sourcearn", "aws:sourceorgid",
	"aws:sourceorgpaths", "aws:userid", "aws:principalarn",
}

restricted_by_condition(s) if {
	some _, kv in s.Condition
	some k, _ in kv
	lower(k) in restricting_condition_keys
}

# An Allow statement open to everyone (no restricting condition).
public_allow(s) if {
	s.Effect == "Allow"
	principal_all(s.Principal)
	not restricted_by_condition(s)
}

# The policy document denies every request not made over TLS (aws:SecureTransport = false) on the
# objects of the bucket (Resource "*" or an ".../*" ARN).
denies_insecure_transport(doc) if {
	some s in statements(doc)
	s.Effect == "Deny"
	principal_all(s.Principal)
	some op in ["Bool", "BoolIfExists"]
	some k, v in s.Condition[op]
	lower(k) == "aws:securetransport"
	some x in as_array(v)
	is_false(x)
	some r in as_array(s.Resource)
	covers_objects(r)
}

covers_objects("*")

covers_objects(r) if endswith(r, "/*")

# ---------------------------------------------------------------------------------------------
# S3 default encryption (shared by TF-S3-SSE-KMS and the checks that need an encrypted destination)

kms_algorithms := {"aws:kms", "aws:kms:dsse"}

sse_type := "aws_s3_bucket_server_side_encryption_configuration"

# The bucket's default encryption is SSE-KMS (split resource, or the deprecated inline block when no
# split resource joins), or set by a split resource whose algorithm is unknown until apply.
bucket_kms_encrypted(b) if {
	some c in companions[[b, sse_type]]
	some rule in after(c).rule
	some d in rule.apply_server_side_encryption_by_default
	d.sse_algorithm in kms_algorithms
}

bucket_kms_encrypted(b) if {
	some c in companions[[b, sse_type]]
	unknown(c, ["rule"])
}

bucket_kms_encrypted(b) if {
	not companions[[b, sse_type]]
	some c in after(b).server_side_encryption_configuration
	some rule in c.rule
	some d in rule.apply_server_side_encryption_by_default
	d.sse_algorithm in kms_algorithms
}

# ---------------------------------------------------------------------------------------------
# Before values (deletion checks)

before_tags(addr) := t if {
	t := changes[addr].change.before.tags_all
	is_object(t)
}

before_tags(addr) := t if {
	not is_object(changes[addr].change.before.tags_all)
	t := changes[addr].change.before.tags
	is_object(t)
}

default before_tags(_) := {}

before_classification(addr) := lower(c) if {
	c := before_tags(addr)[classification_tag]
	non_empty(c)
}

# A resource being destroyed held regulated data (by its tags before the change).
regulated_before(addr) if before_classification(addr) in regulated_classifications

regulated_before(addr) if {
	not before_classification(addr)
	treat_unclassified_as_regulated == true
}

# ---------------------------------------------------------------------------------------------
# Load balancer TLS policies: those that allow nothing older than TLS 1.2
# (ELBSecurityPolicy-TLS13-1-2-*, -TLS13-1-3-*, -TLS-1-2-*, -FS-1-2-*).

modern_tls_markers := ["TLS13-1-2", "TLS13-1-3", "TLS-1-2", "FS-1-2"]

modern_tls_policy(policy) if {
	some m in modern_tls_markers
	contains(policy, m)
}
