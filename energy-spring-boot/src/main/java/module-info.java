/**
 * Spring Boot auto-configuration for energy4j. Spring applications usually run on the class path, where the
 * auto-configuration is found through META-INF/spring; this descriptor serves those on the module path.
 */
module io.github.energy4j.spring {
    requires io.github.energy4j;
    requires org.slf4j;
    requires spring.beans;
    requires spring.boot;
    requires spring.boot.autoconfigure;
    requires spring.context;
    requires spring.core;
    requires static micrometer.core;
    requires static micrometer.observation;
    requires static io.github.energy4j.carbon;

    exports io.github.energy4j.spring;
    // Spring creates the configuration classes and binds the properties by reflection
    opens io.github.energy4j.spring to spring.core, spring.beans, spring.context;
}
