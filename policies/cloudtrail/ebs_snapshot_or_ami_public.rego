# METADATA
# title: An EBS snapshot or AMI was shared publicly or with an external account
# description: |
#   A successful ModifySnapshotAttribute adding createVolumePermission, or ModifyImageAttribute adding
#   launchPermission, for the group "all" (public) or for a 12-digit account that is neither the event's
#   own account nor in trusted_accounts. Snapshots and AMIs carry whole disks, PHI included.
# custom:
#   id: CT-EBS-SNAPSHOT-OR-AMI-PUBLIC
#   severity: high
#   controls: ["hipaa:164.308(a)(1)(ii)(B)", "hipaa:164.308(a)(3)(i)", "hipaa:164.308(a)(4)(i)", "hipaa:164.312(a)(1)", "gxp-part11:11.10(d)", "gxp-part11:11.10(g)", "gxp-part11:11.10(k)", "gxp-annex11:12.1"]
#   remediation: "Remove the permission (aws ec2 modify-snapshot-attribute / modify-image-attribute --remove), enable EBS snapshot and AMI Block Public Access for the region, and share only with accounts of the organisation (trusted_accounts)."
#   kinds: [cloudtrail]
package evident.checks.cloudtrail.ebs_snapshot_or_ami_public

import rego.v1

import data.evident.lib.cloudtrail as ct

violation contains {"msg": msg, "path": path} if {
	some r in ct.records
	some name, spec in _attributes
	ct.call(r, "ec2.amazonaws.com", {name})
	p := ct.params(r)
	some i, item in ct.as_list(p[spec.field].add.items)
	who := _grantee(item, r)
	path := sprintf("requestParameters.%s.add.items[%d]", [spec.field, i])
	msg := sprintf("%s shared %s %q with %s; remove the permission and share only within the organisation", [ct.describe(r), spec.what, object.get(p, spec.id, "?"), who])
}

_attributes := {
	"ModifySnapshotAttribute": {"field": "createVolumePermission", "what": "EBS snapshot", "id": "snapshotId"},
	"ModifyImageAttribute": {"field": "launchPermission", "what": "AMI", "id": "imageId"},
}

_grantee(item, _) := "everyone (group all)" if item.group == "all"

_grantee(item, r) := sprintf("external account %s", [item.userId]) if ct.external_account(item.userId, r)
