package dev.stagehand.core.plan;

import java.util.ArrayList;
import java.util.List;

/**
 * What a plan was made from, as hashes: the manifests of its package versions, the values given
 * for the variables (a secret by its name only, so the digest reveals no secret and a changed
 * password does not void a plan), and what the journal said was installed. A plan is run only
 * while its inputs give the same digest.
 *
 * @param manifests  hash of every planned package's id, version and manifest digest
 * @param parameters hash of the variable values given (names of secrets only)
 * @param journal    hash of the installed version of every planned package
 */
public record PlanDigest(String manifests, String parameters, String journal) {

    /**
     * What differs from {@code other}, in words: {@code the packages or their manifests},
     * {@code the parameters}, {@code what is installed}. The packages a plan deploys follow from
     * what is installed, so when that changed, it alone is named for both.
     *
     * @param other the digest of the plan as approved
     * @return the differences; empty when the digests are equal
     */
    public List<String> differences(PlanDigest other) {
        List<String> changed = new ArrayList<>();
        if (!journal.equals(other.journal)) {
            changed.add("what is installed");
        } else if (!manifests.equals(other.manifests)) {
            changed.add("the packages or their manifests");
        }
        if (!parameters.equals(other.parameters)) {
            changed.add("the parameters");
        }
        return changed;
    }
}
