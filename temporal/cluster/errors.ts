/** A start-up failure the cluster script prints as one line, without a stack. */
export class ClusterError extends Error {
  override name = 'ClusterError';
}
