import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError } from '../../../src/domain/errors.js';
import { resolveLocations } from '../../../src/app/usecases/location-mapping.js';
import { parseLocationMap } from '../../../src/config/location-map.js';

const SHOP = [
  { id: 'gid://shopify/Location/1', name: 'Main', isActive: true },
  { id: 'gid://shopify/Location/2', name: 'Outlet, north', isActive: true },
  { id: 'gid://shopify/Location/3', name: 'Closed', isActive: false },
  { id: 'gid://shopify/Location/4', name: 'Twin', isActive: true },
  { id: 'gid://shopify/Location/5', name: 'Twin', isActive: true },
];

test('parseLocationMap: entries by ";", names may hold commas and "="', () => {
  const table: [string, string, { warehouseId: string; location: string }[], number][] = [
    [
      'two entries',
      'WH-1=Main; WH-2=Outlet, north',
      [
        { warehouseId: 'WH-1', location: 'Main' },
        { warehouseId: 'WH-2', location: 'Outlet, north' },
      ],
      0,
    ],
    [
      'a GID',
      'WH-1=gid://shopify/Location/1',
      [{ warehouseId: 'WH-1', location: 'gid://shopify/Location/1' }],
      0,
    ],
    ['empty', '', [], 0],
    ['no "="', 'WH-1', [], 1],
    ['empty side', 'WH-1=', [], 1],
    [
      'twice',
      'WH-1=Main;WH-1=Closed',
      [
        { warehouseId: 'WH-1', location: 'Main' },
        { warehouseId: 'WH-1', location: 'Closed' },
      ],
      1,
    ],
  ];
  for (const [name, text, entries, problems] of table) {
    const r = parseLocationMap(text);
    assert.equal(r.entries, entries, name);
    assert.is(r.problems.length, problems, name);
  }
});

test('resolveLocations: by name or GID; missing, inactive, ambiguous, shared and empty all listed', () => {
  assert.equal(
    [
      ...resolveLocations(
        parseLocationMap('WH-1=Main;WH-2=gid://shopify/Location/2').entries,
        SHOP,
      ),
    ],
    [
      ['WH-1', 'gid://shopify/Location/1'],
      ['WH-2', 'gid://shopify/Location/2'],
    ],
  );
  const table: [string, RegExp][] = [
    ['WH-1=Nowhere', /WH-1 maps to 'Nowhere', which the shop does not have/],
    ['WH-1=gid://shopify/Location/9', /which the shop does not have/],
    ['WH-1=Closed', /'Closed' \(gid:\/\/shopify\/Location\/3\), which is inactive/],
    ['WH-1=Twin', /more than one location is named 'Twin'/],
    ['WH-1=Main;WH-2=Main', /WH-1 and WH-2 both map to 'Main'/],
    ['', /INVENTORY_LOCATIONS is empty/],
  ];
  for (const [text, message] of table) {
    try {
      resolveLocations(parseLocationMap(text).entries, SHOP);
      assert.unreachable(text);
    } catch (e) {
      assert.instance(e, ConfigError, text);
      assert.match((e as Error).message, message, text);
    }
  }
});

test.run();
