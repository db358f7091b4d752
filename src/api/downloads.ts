import fs from 'node:fs';
import path from 'node:path';
import { getJob } from '../store/jobsTable';
import type { DeskContext } from './desk';
import { artifactPath, parseArtifactRef, type ArtifactKind } from './jobView';
import { failure, type DeskResult } from './result';
import { SAMPLE_FILE_CONTENTS, SAMPLE_FILE_NAME, SAMPLE_FILE_REF } from './sampleFile';

export type Download = { name: string; contents: string } | { name: string; path: string; size: number };

/**
 * What a ref handed to desk.downloadFile() is: the sample file, or a file a job of this
 * data folder wrote (its report names it). Nothing else can be downloaded.
 */
/** What an artifact is, in words: `output file`, `clean list for sms`. */
function artifactWords(kind: ArtifactKind): string {
  if (kind === 'out') return 'output file';
  if (kind === 'removed') return 'removed-rows file';
  if (kind === 'problems') return 'problems file';
  return `clean list for ${kind.slice('out-'.length)}`;
}

export function resolveDownload(ctx: DeskContext, ref: string): DeskResult<Download> {
  if (ref === SAMPLE_FILE_REF) return { ok: true, value: { name: SAMPLE_FILE_NAME, contents: SAMPLE_FILE_CONTENTS } };
  const artifact = parseArtifactRef(ref);
  if (artifact === null) return failure('not_found', `there is no file to download for ${JSON.stringify(ref)}`);
  const job = getJob(ctx.db, artifact.job);
  const file = job === null ? null : artifactPath(job, artifact.kind);
  if (file === null) return failure('not_found', `job ${artifact.job} has no ${artifactWords(artifact.kind)}`);
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) throw new Error('not a file');
    return { ok: true, value: { name: path.basename(file), path: file, size: stat.size } };
  } catch {
    return failure('file_missing', `${path.basename(file)} is no longer where job ${artifact.job} wrote it`);
  }
}
