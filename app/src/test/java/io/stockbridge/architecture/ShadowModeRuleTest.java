package io.stockbridge.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import io.stockbridge.config.SyncConfig;
import org.junit.jupiter.api.Test;

/**
 * Shadow mode is chosen once, when the flows are wired: the flows had shadow branches in four
 * places (stock writes, products missing on a shadow store, product writes, product destroys).
 */
class ShadowModeRuleTest {
  @Test
  void no_flow_asks_whether_a_store_is_in_shadow_mode_only_the_wiring_does() {
    noClasses()
        .that()
        .resideInAPackage("io.stockbridge.flow..")
        .and()
        .resideOutsideOfPackage("io.stockbridge.flow.wiring")
        .should()
        .callMethod(SyncConfig.Store.class, "shadow")
        .because(
            "a store in shadow mode gets writes that record instead of send (StoreWrites.shadow,"
                + " ProductWrites.shadow), chosen in flow.wiring.SyncFlows")
        .check(PackageRulesTest.PRODUCTION);
  }
}
