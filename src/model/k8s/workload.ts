/**
 * Model stage: workloads that create pods from a template → typed `Workload` (its pod template:
 * the labels, container ports and service account its pods will have).
 *
 * Kinds and where their template lives (Kubernetes API reference, apps/v1, batch/v1, core/v1):
 *   Deployment, StatefulSet, DaemonSet, ReplicaSet (apps/v1), ReplicationController (v1),
 *   Job (batch/v1):  `spec.template`
 *   CronJob (batch/v1, and batch/v1beta1 with the same shape):  `spec.jobTemplate.spec.template`
 * Each step of that path is required (`ValidatePodTemplateSpec…`: a template is required for
 * every one of these kinds), and its field names are checked: strictly for the small wrapper
 * objects (PodTemplateSpec, JobTemplateSpec: `metadata`, `spec`), leniently (unknown name = a
 * warning, see `podSpec.ts`) for the large workload specs, whose other fields netpolc ignores.
 *
 * Contract: a workload stands for pods netpolc cannot address (their IPs are not known), in the
 * workload's namespace; `replicas` is kept when written, for reports only.
 */
import type { YMap } from '../../yaml/node.js';
import type { KindDef } from '../kind.js';
import type { Header } from '../metadata.js';
import type { Fields, Reader } from '../read.js';
import type { ResourceBase } from '../resource.js';
import { looseObject, readK8sMetadata, type OwnerRef } from './meta.js';
import { readPodTemplate, OBJECT_META_FIELDS, type PodTemplate } from './podSpec.js';

export type WorkloadKind =
  | 'Deployment'
  | 'StatefulSet'
  | 'DaemonSet'
  | 'ReplicaSet'
  | 'ReplicationController'
  | 'Job'
  | 'CronJob';

export interface Workload extends ResourceBase {
  kind: WorkloadKind;
  namespace: string;
  template: PodTemplate;
  replicas?: number;
  owner?: OwnerRef;
}

const JOB_SPEC_FIELDS = [
  'parallelism', 'completions', 'activeDeadlineSeconds', 'podFailurePolicy', 'successPolicy',
  'backoffLimit', 'backoffLimitPerIndex', 'maxFailedIndexes', 'selector', 'manualSelector',
  'template', 'ttlSecondsAfterFinished', 'completionMode', 'suspend', 'podReplacementPolicy',
  'managedBy',
] as const;

interface WorkloadShape {
  group: string;
  kind: WorkloadKind;
  /** Versions with this shape (default `['v1']`). */
  versions?: readonly string[];
  /** Field names of the kind's spec (lenient check). */
  specFields: readonly string[];
  /** A length limit beyond ObjectMeta's DNS-1123 subdomain rule, if the kind has one. */
  nameLimit?: number;
}

const SHAPES: readonly WorkloadShape[] = [
  {
    group: 'apps', kind: 'Deployment',
    specFields: ['replicas', 'selector', 'template', 'strategy', 'minReadySeconds', 'revisionHistoryLimit', 'paused', 'progressDeadlineSeconds'],
  },
  {
    group: 'apps', kind: 'StatefulSet',
    specFields: ['replicas', 'selector', 'template', 'volumeClaimTemplates', 'serviceName', 'podManagementPolicy', 'updateStrategy',
      'revisionHistoryLimit', 'minReadySeconds', 'persistentVolumeClaimRetentionPolicy', 'ordinals'],
  },
  {
    group: 'apps', kind: 'DaemonSet',
    specFields: ['selector', 'template', 'updateStrategy', 'minReadySeconds', 'revisionHistoryLimit'],
  },
  { group: 'apps', kind: 'ReplicaSet', specFields: ['replicas', 'minReadySeconds', 'selector', 'template'] },
  { group: '', kind: 'ReplicationController', specFields: ['replicas', 'minReadySeconds', 'selector', 'template'] },
  { group: 'batch', kind: 'Job', specFields: JOB_SPEC_FIELDS },
  {
    // CronJob names become Job names plus an 11-character suffix, hence 52
    // (`ValidateCronJobCreate`). batch/v1beta1 (served until 1.25) has the same shape.
    group: 'batch', kind: 'CronJob', nameLimit: 52, versions: ['v1', 'v1beta1'],
    specFields: ['schedule', 'timeZone', 'startingDeadlineSeconds', 'concurrencyPolicy', 'suspend', 'jobTemplate',
      'successfulJobsHistoryLimit', 'failedJobsHistoryLimit'],
  },
];

export function readWorkload(r: Reader, root: YMap, header: Header, shape: WorkloadShape): Workload | undefined {
  const base = readK8sMetadata(r, root, header, { namespaced: true });
  const metaNode = header.fields.get('metadata');
  if (shape.nameLimit !== undefined && base.name.length > shape.nameLimit && metaNode?.kind === 'map')
    r.report('invalid-name', metaNode, 'metadata.name',
      `${shape.kind} name \`${base.name}\` is longer than ${shape.nameLimit} characters`);
  let spec: Fields | undefined = looseObject(r, r.required(header.fields, 'spec'), 'spec', shape.specFields);
  if (!spec) return undefined;
  const replicas = r.integer(spec.get('replicas'), spec.at('replicas'));
  if (shape.kind === 'CronJob') {
    // spec.jobTemplate (JobTemplateSpec) → its spec (JobSpec) → template.
    const jt = r.object(r.required(spec, 'jobTemplate'), spec.at('jobTemplate'), ['metadata', 'spec']);
    if (!jt) return undefined;
    r.object(jt.get('metadata'), jt.at('metadata'), OBJECT_META_FIELDS);
    spec = looseObject(r, r.required(jt, 'spec'), jt.at('spec'), JOB_SPEC_FIELDS);
    if (!spec) return undefined;
  }
  const template = readPodTemplate(r, r.required(spec, 'template'), spec.at('template'));
  if (!template) return undefined;
  const w: Workload = { ...base, kind: shape.kind, namespace: base.namespace ?? 'default', template };
  if (replicas !== undefined) w.replicas = replicas;
  return w;
}

function workloadKind(shape: WorkloadShape): KindDef<Workload> {
  return {
    group: shape.group,
    kind: shape.kind,
    versions: shape.versions ?? ['v1'],
    namespaced: true,
    read: (r, root, header) => readWorkload(r, root, header, shape),
  };
}

/** One KindDef per workload kind, in the order of the table above. */
export const workloadKinds: readonly KindDef<Workload>[] = SHAPES.map(workloadKind);

/** True for the workload kinds (to narrow a resource union). */
export function isWorkloadKind(kind: string): kind is WorkloadKind {
  return SHAPES.some((s) => s.kind === kind);
}
