/**
 * The Pod Security Standards' `restricted` profile (which includes
 * `baseline`), rule by rule as Kubernetes 1.33 documents them
 * (https://kubernetes.io/docs/concepts/security/pod-security-standards/):
 * what a namespace labelled `pod-security.kubernetes.io/enforce: restricted`
 * would refuse. No API server runs here, so the tests check with this.
 */

const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);
const SELINUX_TYPES = new Set([
  '',
  'container_t',
  'container_init_t',
  'container_kvm_t',
  'container_engine_t',
]);
const RESTRICTED_VOLUMES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

/** Every rule of `restricted` the pod spec breaks, empty when it passes. */
export function restrictedViolations(spec: any): string[] {
  const problems: string[] = [];
  const pod = spec.securityContext ?? {};
  const containers: any[] = [
    ...(spec.containers ?? []),
    ...(spec.initContainers ?? []),
    ...(spec.ephemeralContainers ?? []),
  ];
  const fail = (rule: string, where: string) =>
    problems.push(`${rule}: ${where}`);

  for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) {
    if (spec[field]) fail('host namespaces', `spec.${field}`);
  }
  if (pod.windowsOptions?.hostProcess) fail('HostProcess', 'pod');
  for (const [key, value] of Object.entries(pod.seLinuxOptions ?? {})) {
    if (key === 'type' ? !SELINUX_TYPES.has(value as string) : key !== 'level')
      fail('SELinux', `pod ${key}`);
  }
  if (pod.seccompProfile?.type === 'Unconfined') fail('seccomp', 'pod');
  for (const sysctl of pod.sysctls ?? []) {
    if (!SAFE_SYSCTLS.has(sysctl.name)) fail('sysctls', sysctl.name);
  }
  if (pod.runAsUser === 0) fail('runAsUser', 'pod');
  if (
    pod.appArmorProfile &&
    !['RuntimeDefault', 'Localhost'].includes(pod.appArmorProfile.type)
  ) {
    fail('AppArmor', 'pod');
  }
  for (const volume of spec.volumes ?? []) {
    const type = Object.keys(volume).find(k => k !== 'name');
    if (!type || !RESTRICTED_VOLUMES.has(type)) {
      fail('volume types', `${volume.name} (${type})`);
    }
  }

  for (const c of containers) {
    const sc = c.securityContext ?? {};
    const where = `container ${c.name}`;
    if (sc.privileged) fail('privileged', where);
    if (sc.windowsOptions?.hostProcess) fail('HostProcess', where);
    if ((c.ports ?? []).some((p: any) => p.hostPort)) fail('host ports', where);
    if (sc.procMount && sc.procMount !== 'Default') fail('/proc mount', where);
    if (
      sc.appArmorProfile &&
      !['RuntimeDefault', 'Localhost'].includes(sc.appArmorProfile.type)
    ) {
      fail('AppArmor', where);
    }
    for (const [key, value] of Object.entries(sc.seLinuxOptions ?? {})) {
      if (
        key === 'type' ? !SELINUX_TYPES.has(value as string) : key !== 'level'
      )
        fail('SELinux', `${where} ${key}`);
    }
    if (sc.allowPrivilegeEscalation !== false) {
      fail('privilege escalation', where);
    }
    const nonRoot = sc.runAsNonRoot ?? pod.runAsNonRoot;
    if (nonRoot !== true) fail('runAsNonRoot', where);
    if (sc.runAsUser === 0) fail('runAsUser', where);
    const seccomp = sc.seccompProfile?.type ?? pod.seccompProfile?.type;
    if (!['RuntimeDefault', 'Localhost'].includes(seccomp)) {
      fail('seccomp', where);
    }
    const caps = sc.capabilities ?? {};
    if (!(caps.drop ?? []).includes('ALL'))
      fail('capabilities drop ALL', where);
    for (const cap of caps.add ?? []) {
      if (cap !== 'NET_BIND_SERVICE' || !BASELINE_CAPABILITIES.has(cap)) {
        fail('capabilities add', `${where} ${cap}`);
      }
    }
  }
  return problems;
}

/** The pod specs of rendered Kubernetes objects: Pods and workload templates. */
export function podSpecsOf(objects: any[]): Array<{ name: string; spec: any }> {
  return objects.flatMap(o => {
    if (o?.kind === 'Pod')
      return [{ name: `Pod ${o.metadata.name}`, spec: o.spec }];
    const template =
      o?.spec?.template?.spec ?? o?.spec?.jobTemplate?.spec?.template?.spec;
    return template
      ? [{ name: `${o.kind} ${o.metadata.name}`, spec: template }]
      : [];
  });
}
