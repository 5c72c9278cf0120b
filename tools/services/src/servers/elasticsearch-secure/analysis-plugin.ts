import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureCacheEntry } from '../../downloads/cache-entry.js';
import { runCommand } from '../../run-command.js';
import type { SearchRelease } from '../../releases.js';

/**
 * Security keeps users, roles and API keys in the `.security` index, whose mapping analyses
 * e-mail addresses with `pattern_capture`, `uax_url_email`, `lowercase` and `unique`. Those live
 * in the analysis-common module, which the integ-test zip leaves out (and which is published
 * nowhere on its own), so without them `POST /_security/api_key` fails with "Unknown filter type
 * [pattern_capture]". This plugin registers the four under those names from the Lucene classes
 * the zip ships; `unique` drops duplicates at one position only, which matters to nothing the
 * tests do. Compiled with the node's own JDK at the first `up`, and cached.
 */
export const PLUGIN_NAME = 'logpipe-security-analysis';
const CLASS = 'logpipe.analysis.SecurityIndexAnalysisPlugin';

const JAVA_SOURCE = `package logpipe.analysis;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.core.LowerCaseFilter;
import org.apache.lucene.analysis.email.UAX29URLEmailTokenizer;
import org.apache.lucene.analysis.miscellaneous.RemoveDuplicatesTokenFilter;
import org.apache.lucene.analysis.pattern.PatternCaptureGroupTokenFilter;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;

/** The analysis parts the security index's mapping names, which the integ-test zip lacks. */
public final class SecurityIndexAnalysisPlugin extends Plugin implements AnalysisPlugin {
    private static TokenFilterFactory filter(String name, java.util.function.UnaryOperator<TokenStream> wrap) {
        return new TokenFilterFactory() {
            @Override public String name() { return name; }
            @Override public TokenStream create(TokenStream input) { return wrap.apply(input); }
        };
    }

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of(
            "pattern_capture", (index, env, name, settings) -> {
                List<String> patterns = settings.getAsList("patterns");
                Pattern[] compiled = patterns.stream().map(Pattern::compile).toArray(Pattern[]::new);
                boolean preserve = settings.getAsBoolean("preserve_original", true);
                return filter(name, input -> new PatternCaptureGroupTokenFilter(input, preserve, compiled));
            },
            "lowercase", (index, env, name, settings) -> filter(name, LowerCaseFilter::new),
            "unique", (index, env, name, settings) -> filter(name, RemoveDuplicatesTokenFilter::new));
    }

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        return Map.of("uax_url_email", (index, env, name, settings) -> TokenizerFactory.newFactory(name, UAX29URLEmailTokenizer::new));
    }
}
`;

/** The built plugin folder (jar and descriptor), one cache entry per Elasticsearch release. */
export function ensureAnalysisPlugin(cache: string, release: SearchRelease, esHome: string, jdkHome: string): Promise<string> {
  return ensureCacheEntry(join(cache, `${PLUGIN_NAME}-${release.version}`), async (staging) => {
    const sources = join(staging, 'src');
    const classes = join(staging, 'classes');
    await mkdir(join(sources, 'logpipe', 'analysis'), { recursive: true });
    const file = join(sources, 'logpipe', 'analysis', 'SecurityIndexAnalysisPlugin.java');
    await writeFile(file, JAVA_SOURCE);
    const hint = 'install a full JDK (javac and jar), e.g. Temurin 25';
    await runCommand(join(jdkHome, 'bin', 'javac'), ['--release', '21', '-nowarn', '-cp', `${esHome}/lib/*`, '-d', classes, file], { missingHint: hint });
    await runCommand(join(jdkHome, 'bin', 'jar'), ['cf', join(staging, `${PLUGIN_NAME}.jar`), '-C', classes, '.'], { missingHint: hint });
    await writeFile(
      join(staging, 'plugin-descriptor.properties'),
      [`description=Analysis parts the security index needs, missing from the integ-test zip`, `version=${release.version}`, `name=${PLUGIN_NAME}`, `classname=${CLASS}`, 'java.version=21', `elasticsearch.version=${release.version}`, ''].join('\n'),
    );
  });
}

/**
 * A home of the node's own under its folder: the cached zip's bin, lib and modules linked in,
 * and a plugins folder holding the analysis plugin, so the cached home stays untouched.
 */
export async function homeWithPlugin(dir: string, esHome: string, plugin: string): Promise<string> {
  const home = join(dir, 'home');
  await mkdir(join(home, 'plugins'), { recursive: true });
  for (const entry of ['bin', 'lib', 'modules', 'LICENSE.txt', 'NOTICE.txt']) {
    if (!existsSync(join(home, entry))) await symlink(join(esHome, entry), join(home, entry));
  }
  if (!existsSync(join(home, 'plugins', PLUGIN_NAME))) await symlink(plugin, join(home, 'plugins', PLUGIN_NAME));
  return home;
}
